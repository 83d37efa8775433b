using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Cli.Commands;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// Servers that reach a scenario other than by its own create (the pool's fresh ACTIVE servers, made ahead; servers an
/// earlier scenario handed on, the run's shelf) do not spread failures: a simulator that breaks one rule fails exactly
/// the scenarios of that rule, whatever servers they were given.
/// </summary>
[TestFixture]
[NonParallelizable]
public partial class ServerPoolTests
{
    private static readonly string Features = Path.Combine(RepoRoot.Find(), "features");
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("nck-pool-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"Servers handed on: (?<reused>\d+) scenario\(s\) started from a server an earlier scenario left as it received it \((?<shelved>\d+) of (?<offered>\d+) offered were put back, (?<retired>\d+) retired by a check\)")]
    private static partial Regex ShelfLine();

    [GeneratedRegex(@"pool: (?<created>\d+) server\(s\) in (?<batches>\d+) batch\(es\), (?<taken>\d+) taken by scenarios")]
    private static partial Regex PoolLine();

    private Task<(int Code, string Output, string Error, List<(string Name, string Status, List<string> Tags)> Results)> RunAsync(string faults) =>
        RunAsync(faults, "@action:pause or @action:suspend", "--pool", "6");

    /// <summary>A run of the scenarios matching <paramref name="tags"/> at --parallel 3 against a simulator with <paramref name="faults"/>.</summary>
    private async Task<(int Code, string Output, string Error, List<(string Name, string Status, List<string> Tags)> Results)> RunAsync(string faults, string tags, params string[] extra)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var results = Path.Combine(_dir, faults + string.Concat(extra));
        var code = await CommandLine.RunAsync(["run", "--no-html", "--features", Features, "--results", results, "--parallel", "3",
            "--tags", tags, "--simulator-faults", faults, .. extra], output, error, _ => null);
        var parsed = Directory.GetFiles(Path.Combine(results, "allure-results"), "*-result.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!)
            .Select(r => (r["fullName"]!.GetValue<string>(), r["status"]!.GetValue<string>(),
                r["labels"]!.AsArray().Where(l => l!["name"]!.GetValue<string>() == "tag").Select(l => l!["value"]!.GetValue<string>()).ToList()))
            .ToList();
        return (code, output.ToString(), error.ToString(), parsed);
    }

    [Test]
    public async Task A_fault_in_one_rule_fails_only_that_rules_scenarios_with_the_pool_on()
    {
        var faithful = await RunAsync("none");
        faithful.Code.Should().Be(ExitCode.Conforming, faithful.Output + faithful.Error);
        var pool = PoolLine().Match(faithful.Output);
        pool.Success.Should().BeTrue(faithful.Output);
        int.Parse(pool.Groups["taken"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(10, "the scenarios took pooled servers");
        faithful.Error.Should().NotContain("left on the cloud");

        var broken = await RunAsync("lock-ignored");
        broken.Code.Should().Be(ExitCode.Failures);
        var failed = broken.Results.Where(r => r.Status is "failed" or "broken").ToList();
        var lockScenarios = broken.Results.Where(r => r.Tags.Contains("aspect:lock")).Select(r => r.Name).ToList();
        failed.Should().NotBeEmpty();
        failed.Select(r => r.Name).Should().BeEquivalentTo(lockScenarios, "lock-ignored breaks the lock rule only: its scenarios fail, no other");
        broken.Results.Where(r => !r.Tags.Contains("aspect:lock")).Should().OnlyContain(r => r.Status == "passed");
        broken.Error.Should().NotContain("left on the cloud");
        TestContext.Progress.WriteLine($"pool on, lock-ignored: {failed.Count} of {broken.Results.Count} failed, all of them @aspect:lock; faithful: {PoolLine().Match(faithful.Output).Value}");
    }

    [Test]
    public async Task A_refusal_that_changes_the_server_fails_only_its_rules_scenarios_with_servers_handed_on()
    {
        const string Tags = "@action:pause or @action:suspend or @action:lock";
        var faithful = await RunAsync("none", Tags);
        faithful.Code.Should().Be(ExitCode.Conforming, faithful.Output + faithful.Error);
        var shelf = ShelfLine().Match(faithful.Output);
        shelf.Success.Should().BeTrue(faithful.Output);
        int.Parse(shelf.Groups["reused"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(10, "refusal scenarios hand their servers on");
        faithful.Error.Should().NotContain("left on the cloud");

        var broken = await RunAsync("refusal-locks", Tags);
        var withoutReuse = await RunAsync("refusal-locks", Tags, "--no-reuse");
        broken.Code.Should().Be(ExitCode.Failures);
        var failed = broken.Results.Where(r => r.Status is "failed" or "broken").Select(r => r.Name).ToList();
        failed.Should().NotBeEmpty().And.OnlyContain(name => name.Contains("Pause is refused while the server is"),
            "refusal-locks breaks one rule, that a refused pause changes nothing: its scenarios fail, no other");
        broken.Results.Where(r => !r.Name.Contains("Pause is refused while the server is")).Should().OnlyContain(r => r.Status == "passed");
        broken.Results.Select(r => (r.Name, r.Status)).Should().BeEquivalentTo(withoutReuse.Results.Select(r => (r.Name, r.Status)), "handing servers on changes no verdict");
        withoutReuse.Output.Should().Contain("Servers handed on: none (--no-reuse)");
        broken.Error.Should().NotContain("left on the cloud");
        TestContext.Progress.WriteLine($"refusal-locks: {failed.Count} of {broken.Results.Count} failed, all 'Pause is refused…'; the same with --no-reuse; faithful: {shelf.Value}");
    }

    private static ConformanceKit.Client.ServerView View(string status = "SHELVED", string updated = "2026-12-03T10:00:00Z", bool locked = false, string? task = null, string? host = "compute1") =>
        ConformanceKit.Client.ServerView.From(new JsonObject
        {
            ["server"] = new JsonObject
            {
                ["id"] = "s1", ["status"] = status, ["updated"] = updated, ["locked"] = locked,
                ["OS-EXT-STS:task_state"] = task, ["OS-EXT-STS:vm_state"] = "shelved", ["OS-EXT-STS:power_state"] = 4,
                ["OS-EXT-SRV-ATTR:host"] = host, ["flavor"] = new JsonObject { ["id"] = "1" }, ["image"] = new JsonObject { ["id"] = "i1" },
            },
        });

    [Test]
    public void A_server_goes_back_only_in_the_state_it_was_handed_over_in()
    {
        var then = View();
        ConformanceKit.Steps.Support.ServerShelf.Same(then, View()).Should().BeTrue();
        ConformanceKit.Steps.Support.ServerShelf.Same(then, View(updated: "2026-12-03T10:00:01Z")).Should().BeFalse("anything Nova saved moves 'updated'");
        ConformanceKit.Steps.Support.ServerShelf.Same(then, View(locked: true)).Should().BeFalse();
        ConformanceKit.Steps.Support.ServerShelf.Same(then, View(task: "unshelving")).Should().BeFalse();
        ConformanceKit.Steps.Support.ServerShelf.Same(then, View(status: "ACTIVE")).Should().BeFalse();
        ConformanceKit.Steps.Support.ServerShelf.Same(then, View(host: "compute2")).Should().BeFalse();
    }

    private static ConformanceKit.Client.Http.Exchange Sent(string method, string path, int? status) =>
        new(method, new Uri("http://127.0.0.1:8774/v2.1" + path), [], null, status, [], null, TimeSpan.Zero, status is null ? "timed out" : null);

    [Test]
    public void Only_refused_requests_and_reads_after_the_handover_leave_a_server_untouched()
    {
        var baseline = new ConformanceKit.Steps.Support.ShelfBaseline("s1", 1, View());
        var created = Sent("POST", "/servers", 202);
        ConformanceKit.Steps.Support.ServerShelf.Untouched(baseline, [created, Sent("GET", "/servers/s1", 200), Sent("POST", "/servers/s1/action", 409)]).Should().BeTrue();
        ConformanceKit.Steps.Support.ServerShelf.Untouched(baseline, [created, Sent("POST", "/servers/s1/action", 202)]).Should().BeFalse("an accepted action changed it");
        ConformanceKit.Steps.Support.ServerShelf.Untouched(baseline, [created, Sent("PUT", "/servers/s1", 200)]).Should().BeFalse();
        ConformanceKit.Steps.Support.ServerShelf.Untouched(baseline, [created, Sent("POST", "/servers/s1/action", null)]).Should().BeFalse("an unanswered request may have been carried out");
        ConformanceKit.Steps.Support.ServerShelf.Untouched(baseline, [created, Sent("POST", "/servers/other/action", 202)]).Should().BeTrue("another server's action");
    }
}
