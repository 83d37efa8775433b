using System.Diagnostics;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting.Allure;

namespace ConformanceKit.Reporting.Tests;

/// <summary>
/// Generates the Allure 3 HTML report with the pinned CLI and opens it in headless Chromium
/// (tools/report/check-report.mjs). Needs 'npm ci --prefix tools/report' and Debian's chromium:
/// without them the tests are ignored on a developer's machine and fail under CI=true.
/// The run directory is report-check/ under $NOVA_REPORT_CHECK_DIR (default: the test's work directory);
/// its screenshot report-check.png is kept there as a CI artefact and attached to the test.
/// </summary>
[NonParallelizable]
public class HtmlReportTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static string Tools()
    {
        var tools = AllureReport.FindToolsDirectory(AppContext.BaseDirectory)
            ?? throw new AssertionException("tools/report was not found above the test assembly");
        var missing = new AllureReport(tools).Unavailable
            ?? (File.Exists(Chromium) ? null : "Chromium is not installed (apt-get install -y --no-install-recommends chromium)");
        if (missing is not null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail($"CI must run the browser check, but {missing}");
            Assert.Ignore($"browser check not run: {missing}");
        }
        return tools;
    }

    private static ScenarioResult[] Mixed() =>
    [
        .. SecretTests.LeakyResults(),
        Fakes.Scenario("pause-normal", Outcome.Passed, aspects: ["code", "body"], attachments: [Fakes.Exchange()]),
        Fakes.Scenario("pause-conflict[status=PAUSED]", Outcome.Passed, aspects: ["preconditions"]),
        Fakes.Scenario("pause-conflict[status=SHUTOFF]", Outcome.Failed, aspects: ["preconditions"], attachments: [Fakes.Exchange(), Fakes.Curl()]),
        Fakes.Scenario("pause-microversion", Outcome.Skipped, aspects: ["microversions"]),
        Fakes.Scenario("crash-dump-normal", Outcome.NotSupported, action: "trigger_crash_dump"),
        Fakes.Scenario("pause-timeout", Outcome.Broken, message: "GET /servers/abc: the endpoint did not answer within 60 s"),
    ];

    private static (int Exit, string Output) Node(string tools, params string[] args)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(tools, "check-report.mjs"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("check-report.mjs did not finish within 2 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RunDirectory()
    {
        var dir = Path.Combine(Environment.GetEnvironmentVariable("NOVA_REPORT_CHECK_DIR") ?? TestContext.CurrentContext.WorkDirectory, "report-check");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return dir;
    }

    [Test]
    public void The_generated_report_shows_the_runs_totals_in_chromium_offline_and_holds_no_secret()
    {
        var tools = Tools();
        var dir = RunDirectory();
        var results = Mixed();
        var clock = Stopwatch.StartNew();
        var report = new RunReporter(new ReportOptions
        {
            ResultsDirectory = dir,
            Secrets = [SecretTests.Token, SecretTests.Password, SecretTests.AdminPass],
            ToolsDirectory = tools,
        }).Write(results, Fakes.Run());
        TestContext.Out.WriteLine($"reports written in {clock.Elapsed.TotalSeconds:0.0} s (Allure HTML: {report.Html.Elapsed.TotalSeconds:0.0} s)");
        foreach (var line in report.Describe()) TestContext.Out.WriteLine(line);

        report.Html.Generated.Should().BeTrue(report.Html.Message);
        File.ReadAllText(report.Html.IndexFile!).Should().NotContain("googletagmanager", "the offline report must not call out");

        // Expected totals from the run itself, independent of the Allure files.
        var expect = $"passed={results.Count(r => r.Outcome == Outcome.Passed)},failed={results.Count(r => r.Outcome == Outcome.Failed)}," +
                     $"broken={results.Count(r => r.Outcome == Outcome.Broken)},skipped={results.Count(r => r.Outcome is Outcome.Skipped or Outcome.NotSupported)}";
        var screenshot = Path.Combine(dir, "report-check.png");
        var (exit, output) = Node(tools, "--report", Path.Combine(dir, "allure-report"), "--expect", expect, "--screenshot", screenshot);
        TestContext.Out.WriteLine(output);
        exit.Should().Be(0, output);
        output.Should().Contain("total=9 passed=3 failed=2 broken=2 skipped=2 unknown=0, as the run; no network request");

        var png = File.ReadAllBytes(screenshot);
        png.Take(8).Should().Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        png.Length.Should().BeGreaterThan(20_000, "a blank page compresses to almost nothing");
        TestContext.AddTestAttachment(screenshot, "the Allure report in headless Chromium");

        SecretTests.GrepForSecrets(dir).Should().BeEmpty("the HTML report embeds its data as base64, which the grep decodes");
        report.SecretsFound.Should().BeEmpty();
    }

    [Test]
    public void The_check_fails_when_the_totals_shown_differ_from_the_run()
    {
        var tools = Tools();
        var dir = RunDirectory();
        new RunReporter(new ReportOptions { ResultsDirectory = dir, ToolsDirectory = tools })
            .Write([Fakes.Scenario("a", Outcome.Passed), Fakes.Scenario("b", Outcome.Failed)], Fakes.Run());

        var (exit, output) = Node(tools, "--report", Path.Combine(dir, "allure-report"), "--expect", "passed=2,failed=1");
        exit.Should().Be(1, output);
        output.Should().Contain("report check FAILED").And.Contain("passed: shown 1, run 2").And.Contain("total: shown 2, run 3");

        var (fromResults, output2) = Node(tools, "--report", Path.Combine(dir, "allure-report"), "--results", Path.Combine(dir, "allure-results"));
        fromResults.Should().Be(0, output2);
    }

    [Test]
    public void The_check_reports_a_missing_report_as_a_usage_error()
    {
        var tools = Tools();
        var (exit, output) = Node(tools, "--report", "/nonexistent/report", "--expect", "passed=1");
        exit.Should().Be(2);
        output.Trim().Should().Be("check-report: no report at /nonexistent/report: generate it first");
    }
}

public class AllureReportTests
{
    [Test]
    public void Without_the_cli_the_report_is_skipped_with_a_one_line_reason()
    {
        var empty = Fakes.TempDir("no-tools");
        var result = new AllureReport(empty).Generate(empty, Path.Combine(empty, "out"), "x");
        result.Generated.Should().BeFalse();
        result.Message.Should().StartWith("HTML report skipped: ").And.Contain("npm ci --prefix tools/report").And.NotContain("\n");
    }

    [Test]
    public void The_reporter_still_writes_everything_else_when_the_html_report_is_skipped()
    {
        var dir = Fakes.TempDir("skip-html");
        var report = new RunReporter(new ReportOptions { ResultsDirectory = dir, ToolsDirectory = Fakes.TempDir("empty-tools") })
            .Write([Fakes.Scenario("a", Outcome.Passed)], Fakes.Run());
        report.Html.Generated.Should().BeFalse();
        File.Exists(report.JUnit).Should().BeTrue();
        File.Exists(report.MatrixHtml).Should().BeTrue();
        Directory.GetFiles(report.AllureResults, "*-result.json").Should().ContainSingle();
        report.ExitCode.Should().Be(0);
        report.Describe().Should().Contain(l => l.StartsWith("HTML report skipped:"));
    }

    [Test]
    public void The_analytics_tag_is_removed_from_the_page()
    {
        var index = Path.Combine(Fakes.TempDir("analytics"), "index.html");
        File.WriteAllText(index, """
            <body><div id="app"></div>
                <script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
                <script>
                    window.dataLayer = window.dataLayer || [];
                    function gtag(){dataLayer.push(arguments);}
                    gtag('config', 'G-X', {});
                </script>
                <script async>window.allureReportDataReady = true;</script>
            </body>
            """);
        AllureReport.RemoveAnalytics(index);
        var html = File.ReadAllText(index);
        html.Should().NotContain("googletagmanager").And.NotContain("gtag").And.Contain("window.allureReportDataReady = true;");
    }
}
