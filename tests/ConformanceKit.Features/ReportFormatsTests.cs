using System.Diagnostics;
using System.Text.Json;
using ConformanceKit.Cli.Commands;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// One simulator run with `--subunit`, read back by the tools of other ecosystems: Reqnroll's Cucumber Messages and
/// Cucumber HTML report (opened in headless Chromium, offline), and the subunit v2 stream (Debian's python3-subunit:
/// subunit-stats, subunit2csv). Each must show the run's own totals. Without Chromium or the subunit tools the
/// corresponding test is ignored on a developer's machine and fails under CI=true.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ReportFormatsTests
{
    private const string Tags = "@action:pause or @id:remote-console-normal";
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Root = RepoRoot.Find();
    private string _dir = null!;
    private string _console = "";
    private int _exit;

    [OneTimeSetUp]
    public async Task RunOnce()
    {
        _dir = Directory.CreateTempSubdirectory("nck-formats-").FullName;
        var output = new StringWriter();
        var error = new StringWriter();
        _exit = await CommandLine.RunAsync(
            ["run", "--simulator", "--no-html", "--features", Path.Combine(Root, "features"), "--results", Path.Combine(_dir, "results"),
             "--tags", Tags, "--subunit", Path.Combine(_dir, "run.subunit")],
            output, error, _ => null);
        _console = output + "\n" + error;
    }

    [OneTimeTearDown]
    public void CleanUp() => Directory.Delete(_dir, recursive: true);

    /// <summary>The run's own totals, from its JUnit file (one testcase per scenario).</summary>
    private (int Total, int Passed, int Skipped) RunTotals()
    {
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(_dir, "results", "junit.xml"));
        var cases = junit.Descendants("testcase").ToList();
        var skipped = cases.Count(c => c.Element("skipped") is not null);
        var failed = cases.Count(c => c.Element("failure") is not null || c.Element("error") is not null);
        return (cases.Count, cases.Count - skipped - failed, skipped);
    }

    private static void Require(string tool, string install)
    {
        if (File.Exists(tool)) return;
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail($"CI must run this check, but {tool} is missing ({install})");
        Assert.Ignore($"{tool} is missing ({install})");
    }

    private static (int Exit, string Output) Run(string file, string? stdinFile, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdinFile is not null, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            using (var input = File.OpenRead(stdinFile)) input.CopyTo(p.StandardInput.BaseStream);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within 2 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Test]
    public void The_run_passes_with_the_consoles_the_simulator_lacks_not_supported()
    {
        _exit.Should().Be(0, _console);
        RunTotals().Should().Be((35, 32, 3), _console);
        _console.Should().Contain("Cucumber messages: ").And.Contain("Cucumber HTML: ").And.Contain("Subunit v2: ");
    }

    [Test]
    public void Reqnrolls_cucumber_messages_describe_every_scenario_with_the_runs_outcome()
    {
        var envelopes = File.ReadLines(Path.Combine(_dir, "results", "cucumber", "messages.ndjson")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Kind(JsonElement e) => e.EnumerateObject().First().Name;
        envelopes.Count(e => Kind(e) == "testRunStarted").Should().Be(1);
        envelopes.Count(e => Kind(e) == "testRunFinished").Should().Be(1);
        var pickles = envelopes.Where(e => Kind(e) == "pickle").Select(e => e.GetProperty("pickle").GetProperty("id").GetString()).ToHashSet();
        var testCases = envelopes.Where(e => Kind(e) == "testCase").Select(e => e.GetProperty("testCase")).ToList();
        testCases.Should().HaveCount(35);
        testCases.Select(t => t.GetProperty("pickleId").GetString()).Should().OnlyContain(id => pickles.Contains(id), "each test case names a pickle the bridge supplied");

        // A scenario's status is its worst step: 32 with every step PASSED, 3 with a SKIPPED step (not supported).
        var stepStatus = envelopes.Where(e => Kind(e) == "testStepFinished").Select(e => e.GetProperty("testStepFinished"))
            .GroupBy(s => s.GetProperty("testCaseStartedId").GetString())
            .Select(g => g.Select(s => s.GetProperty("testStepResult").GetProperty("status").GetString()).ToList()).ToList();
        stepStatus.Should().HaveCount(35);
        stepStatus.Count(s => s.All(x => x == "PASSED")).Should().Be(32);
        stepStatus.Count(s => s.Contains("SKIPPED") && !s.Contains("FAILED")).Should().Be(3);
    }

    [Test]
    public void The_cucumber_html_report_opens_offline_in_chromium_and_shows_the_runs_totals()
    {
        Require(Chromium, "apt-get install -y --no-install-recommends chromium");
        var (total, passed, skipped) = RunTotals();
        var screenshot = Path.Combine(Environment.GetEnvironmentVariable("NOVA_REPORT_CHECK_DIR") ?? TestContext.CurrentContext.WorkDirectory, "cucumber-report-check.png");
        var (exit, output) = Run("node", null, Path.Combine(Root, "tools", "report", "check-report.mjs"), "--format", "cucumber",
            "--report", Path.Combine(_dir, "results", "cucumber", "report.html"), "--expect", $"passed={passed},skipped={skipped}", "--screenshot", screenshot);
        TestContext.Out.WriteLine(output);
        exit.Should().Be(0, output);
        output.Should().Contain($"shows total={total} passed={passed}, as the run; no network request");
        File.ReadAllBytes(screenshot).Length.Should().BeGreaterThan(20_000, "a blank page compresses to almost nothing");
        TestContext.AddTestAttachment(screenshot, "the Cucumber HTML report in headless Chromium");
    }

    [Test]
    public void Subunit_tools_read_the_stream_with_the_runs_totals_ids_and_times()
    {
        Require("/usr/bin/subunit-stats", "apt-get install -y python3-subunit subunit");
        var stream = Path.Combine(_dir, "run.subunit");
        var (total, passed, skipped) = RunTotals();

        var (exit, stats) = Run("/usr/bin/subunit-stats", stream);
        exit.Should().Be(0, stats);
        stats.Should().MatchRegex($@"Total tests:\s+{total}\b").And.MatchRegex($@"Passed tests:\s+{passed}\b")
            .And.MatchRegex(@"Failed tests:\s+0\b").And.MatchRegex($@"Skipped tests:\s+{skipped}\b");

        var (csvExit, csv) = Run("/usr/bin/subunit2csv", stream);
        csvExit.Should().Be(0, csv);
        var rows = csv.Trim().Split('\n').Skip(1).Select(l => l.Split(',')).ToList();
        var ids = System.Xml.Linq.XDocument.Load(Path.Combine(_dir, "results", "junit.xml")).Descendants("testcase").Count();
        rows.Should().HaveCount(ids);
        rows.Should().Contain(r => r[0] == "pause-normal" && r[1] == "success");
        rows.Where(r => r[0].StartsWith("remote-console-normal[", StringComparison.Ordinal) && r[1] == "skip").Should().HaveCount(3);
        foreach (var r in rows)
            DateTimeOffset.Parse(r[^1]).Should().BeOnOrAfter(DateTimeOffset.Parse(r[^2]), $"{r[0]} stops after it starts");
    }
}
