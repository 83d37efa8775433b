using System.Diagnostics;
using System.Text.Json.Nodes;
using ConformanceKit.Cli.Commands;
using ConformanceKit.Simulator;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// The kit under faults, made on purpose: an endpoint that dies or freezes mid-run is an outage (exit 3), never a
/// contract violation; a hung endpoint that resumes leaves no orphan; an interrupted run says so everywhere, never passes
/// and never changes a baseline; results are written as the run goes; quota is a capacity; a scenario must do something.
/// </summary>
[TestFixture]
[NonParallelizable]
public class FaultToleranceTests
{
    private static readonly string Features = Path.Combine(RepoRoot.Find(), "features");
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("nck-faults-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private sealed record Run(int Code, string Output, string Error, TimeSpan Elapsed);

    private static async Task<Run> RunAsync(Dictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var watch = Stopwatch.StartNew();
        var code = await CommandLine.RunAsync(args, output, error, name => environment?.GetValueOrDefault(name));
        return new Run(code, output.ToString(), error.ToString(), watch.Elapsed);
    }

    private string Results => Path.Combine(_dir, "results");

    private string[] Args(params string[] more) => ["run", "--no-html", "--features", Features, "--results", Results, .. more];

    private JsonNode Matrix => JsonNode.Parse(File.ReadAllText(Path.Combine(Results, "compliance-matrix.json")))!["verdict"]!;

    private static Dictionary<string, string> NoAuth(NovaSimulator sim, int apiTimeout) => new()
    {
        ["OS_COMPUTE_ENDPOINT"] = sim.Endpoint.ToString(), ["OS_AUTH_TYPE"] = "noauth2", ["OS_TOKEN"] = "admin:admin",
        ["OS_API_TIMEOUT"] = apiTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // ---------------------------------------------------------------- outages

    [TestCase("refuse-after:150", 30, TestName = "An endpoint that dies mid-run ends the run as an outage with exit 3")]
    [TestCase("hang-after:150", 2, TestName = "An endpoint that freezes mid-run ends the run as an outage with exit 3")]
    public async Task Outage_mid_run(string outage, int apiTimeout)
    {
        const int window = 3;
        var r = await RunAsync(null, Args("--simulator-outage", outage, "--api-timeout", apiTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--outage-after", window.ToString(System.Globalization.CultureInfo.InvariantCulture), "--parallel", "2"));

        r.Code.Should().Be(ExitCode.Unreachable, r.Output + r.Error);
        r.Output.Should().Contain("Verdict: ENDPOINT OUTAGE").And.NotContain("NOT CONFORMING");
        r.Error.Should().Contain("Endpoint outage: ").And.Contain($"nothing answered for {window} s");
        var verdict = Matrix;
        verdict["verdict"]!.GetValue<string>().Should().Be("ENDPOINT OUTAGE");
        verdict["failed"]!.GetValue<int>().Should().Be(0, "no scenario that met the outage is a contract violation");
        verdict["passed"]!.GetValue<int>().Should().BeGreaterThan(5, "what was judged before the outage is reported");
        verdict["scenarios"]!.GetValue<int>().Should().BeLessThan(399, "the run stopped early");
        verdict["interruption"]!["kind"]!.GetValue<string>().Should().Be("endpoint outage");
        File.ReadAllText(Path.Combine(Results, "junit.xml")).Should().Contain("interrupted=\"true\"").And.Contain("endpoint outage");
        // The stated bound: declared at most one API timeout + --outage-after after the endpoint stopped, then up to 10 s
        // of clean-up. The whole run (start-up and the scenarios judged before) stays well inside a minute.
        r.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(apiTimeout == 30 ? 45 : 45));
        TestContext.Progress.WriteLine($"{outage}: exit {r.Code} in {r.Elapsed.TotalSeconds:0.0} s; judged {verdict["scenarios"]} ({verdict["passed"]} passed, {verdict["endpointFaults"]} endpoint faults, 0 failed)");
    }

    [Test]
    public async Task A_hung_endpoint_that_resumes_leaves_no_orphan_server()
    {
        // The third create hangs for 4 s; the kit gives up on it after 1 s. The simulator then creates the server all the same.
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions { Outage = Outage.Parse("hang-at-create:3:4") });
        var r = await RunAsync(NoAuth(sim, 1), Args("--tags", "@action:pause", "--outage-after", "30"));

        r.Output.Should().Contain("1 create request(s) got no answer; looked up by name, 1 server(s) had appeared all the same and were deleted");
        sim.Backend.Servers.Should().BeEmpty("the server of a create the kit gave up on is found by its name and deleted before the run ends");
        Matrix["failed"]!.GetValue<int>().Should().Be(0);
        TestContext.Progress.WriteLine($"hung then resumed: exit {r.Code}, 0 servers left ({r.Elapsed.TotalSeconds:0.0} s)");
    }

    // ---------------------------------------------------------------- interruptions

    [Test]
    public async Task An_interrupted_update_baseline_run_says_interrupted_everywhere_exits_1_and_leaves_the_baseline_alone()
    {
        var baseline = Path.Combine(_dir, "baseline.json");
        await File.WriteAllTextAsync(baseline, """{"format": 1, "knownFailures": [{"id": "pause-normal", "scenario": "x", "outcome": "Failed"}]}""");
        var before = await File.ReadAllBytesAsync(baseline);
        using var kit = KitProcess.Kit([.. Args("--simulator-progression", "polls:2", "--baseline", baseline, "--update-baseline", "--parallel", "2")]);
        await kit.WaitForAsync(k => k.ScenarioLines >= 10, TimeSpan.FromSeconds(120));
        kit.Signal("INT");
        var code = await kit.ExitAsync(TimeSpan.FromSeconds(60));

        code.Should().Be(ExitCode.Failures, kit.Output);
        (await File.ReadAllBytesAsync(baseline)).Should().Equal(before, "an interrupted run never rewrites the baseline");
        kit.Output.Should().Contain("Verdict: INTERRUPTED").And.Contain("gate: not passed (exit 1)").And.NotContain("gate: passed");
        var verdict = Matrix;
        verdict["verdict"]!.GetValue<string>().Should().Be("INTERRUPTED");
        verdict["conforming"]!.GetValue<bool>().Should().BeFalse();
        verdict["interruption"]!["reason"]!.GetValue<string>().Should().Be("Ctrl-C");
        File.ReadAllText(Path.Combine(Results, "junit.xml")).Should().Contain("interrupted=\"true\"").And.Contain("interrupted: Ctrl-C");
        File.ReadAllText(Path.Combine(Results, "allure-results", "environment.properties")).Should().Contain("Run.Status = interrupted: Ctrl-C");
        kit.Output.Should().NotContain("kit or configuration error", "cancelled scenarios are not judged, not kit errors");
    }

    [Test]
    public async Task A_second_ctrl_c_stops_at_once_and_says_what_is_left()
    {
        using var kit = KitProcess.Kit([.. Args("--simulator-progression", "seconds:1", "--parallel", "3")]);
        await kit.WaitForAsync(k => k.Output.Contains("at a time", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        // One scenario judged: the others of the three slots are in flight, their servers still building.
        await kit.WaitForAsync(k => k.ScenarioLines >= 1, TimeSpan.FromSeconds(60));
        kit.Signal("INT");
        await kit.WaitForAsync(k => k.Output.Contains("Ctrl-C again", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        kit.Signal("INT");
        var code = await kit.ExitAsync(TimeSpan.FromSeconds(20));

        code.Should().Be(ExitCode.Failures, kit.Output);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "a second Ctrl-C stops at once");
        kit.Output.Should().Contain("Stopping now").And.Contain("stopped by a second interruption");
        kit.Output.Should().MatchRegex("Nothing the run created is left|may be left[\\s\\S]*nova-conformance sweep");
        TestContext.Progress.WriteLine($"second Ctrl-C: exit {code} {watch.Elapsed.TotalSeconds:0.0} s after it");
    }

    [Test]
    public async Task The_kit_stops_when_the_process_that_started_it_is_killed()
    {
        // `dotnet run` neither forwards a signal sent to it alone nor takes its child down when killed: the kit watches its parent.
        using var shell = KitProcess.Shell($"dotnet {KitProcess.KitDll} {string.Join(' ', Args("--simulator-progression", "polls:2"))}; echo done");
        int kitPid = 0;
        await shell.WaitForAsync(_ => (kitPid = KitProcess.ChildrenOf(shell.Pid).FirstOrDefault()) != 0, TimeSpan.FromSeconds(30));
        await shell.WaitForAsync(k => k.ScenarioLines >= 3, TimeSpan.FromSeconds(60));
        shell.Signal("KILL");
        var watch = Stopwatch.StartNew();
        while (KitProcess.IsAlive(kitPid) && watch.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        KitProcess.IsAlive(kitPid).Should().BeFalse("the kit ends, cleaning up, once its parent is gone");
        TestContext.Progress.WriteLine($"parent killed: the kit ended {watch.Elapsed.TotalSeconds:0.0} s later");
    }

    // ---------------------------------------------------------------- write as you go

    [TestCase("/proc/nck-x")]
    [TestCase("/sys/nck-x")]
    [TestCase("FILE")]
    public async Task An_unwritable_results_directory_exits_2_with_one_line_before_any_scenario(string results)
    {
        if (results == "FILE") await File.WriteAllTextAsync(results = Path.Combine(_dir, "a-file"), "x");
        var r = await RunAsync(null, "run", "--no-html", "--features", Features, "--results", results);

        r.Code.Should().Be(ExitCode.UsageOrConfiguration, r.Output + r.Error);
        var lines = r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().StartWith("nova-conformance: --results ");
        r.Error.Should().NotContain("   at ");
        r.Output.Should().NotContain("[   1/", "nothing ran");
        r.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task A_run_killed_outright_leaves_the_results_of_the_scenarios_it_judged()
    {
        using var kit = KitProcess.Kit([.. Args("--simulator-progression", "polls:2")]);
        await kit.WaitForAsync(k => k.ScenarioLines >= 25, TimeSpan.FromSeconds(120));
        kit.Signal("KILL");
        await kit.ExitAsync(TimeSpan.FromSeconds(20));
        var judged = kit.ScenarioLines;

        var written = Directory.GetFiles(Path.Combine(Results, "allure-results"), "*-result.json");
        written.Length.Should().BeGreaterThanOrEqualTo(20).And.BeLessThanOrEqualTo(judged + 1);
        File.ReadAllText(Path.Combine(Results, "allure-results", "environment.properties")).Should().Contain("Run.Status = running");
        TestContext.Progress.WriteLine($"SIGKILL after {judged} scenario lines: {written.Length} results on disk");
    }

    // ---------------------------------------------------------------- quota

    [Test]
    public async Task Parallel_32_on_the_simulator_breaks_nothing_and_gives_the_verdicts_of_parallel_1()
    {
        var r32 = await RunAsync(null, Args("--parallel", "32"));
        var verdicts32 = Verdicts();
        var r1 = await RunAsync(null, Args("--parallel", "1"));
        var verdicts1 = Verdicts();

        r32.Code.Should().Be(0, r32.Output);
        r32.Output.Should().Contain("0 broken").And.NotContain("parallelism capped");
        verdicts32.Should().Equal(verdicts1);
        verdicts32.Count.Should().Be(399, "every scenario of the features ran");
        TestContext.Progress.WriteLine($"--parallel 32: {r32.Elapsed.TotalSeconds:0.0} s, --parallel 1: {r1.Elapsed.TotalSeconds:0.0} s, {verdicts32.Count} identical verdicts");
    }

    private SortedDictionary<string, string> Verdicts()
    {
        var dict = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Results, "allure-results"), "*-result.json"))
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!;
            dict[json["fullName"]!.GetValue<string>() + " " + string.Join(",", (json["parameters"] as JsonArray ?? []).Select(p => p!["value"]!.ToString()))] = json["status"]!.GetValue<string>();
        }
        return dict;
    }

    [Test]
    public async Task A_member_quota_smaller_than_the_parallelism_caps_it_with_a_message_and_breaks_nothing()
    {
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions { InstanceQuota = 4 });
        var r = await RunAsync(NoAuth(sim, 30), Args("--tags", "@action:pause or @action:lock or @action:createImage", "--parallel", "8"));

        r.Code.Should().Be(0, r.Output + r.Error);
        r.Output.Should().Contain("parallelism capped to 4 (asked for 8): the member's quota leaves room for 4 server(s)");
        r.Output.Should().Contain("0 broken");
    }

    [Test]
    public async Task A_quota_refusal_mid_run_waits_for_capacity_instead_of_breaking_the_scenario()
    {
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions { InstanceQuota = 1 });
        var config = new ConformanceKit.Client.Configuration.CloudConfig
        {
            Source = "test", AuthType = ConformanceKit.Client.Configuration.AuthType.NoAuth2, ComputeEndpoint = sim.Endpoint, Token = "demo:demo",
        };
        using var http = new ConformanceKit.Client.Http.NovaHttp(config, new ConformanceKit.Client.Http.SecretMasker());
        var demo = new ConformanceKit.Client.NovaClient(ConformanceKit.Client.Auth.Authenticator.For(config, http), http);
        var blocker = await demo.CreateServerAsync(new ConformanceKit.Client.ServerCreate("customer-blocker", "1", "155d900f-4e14-4e4c-a73d-069cbf4541e6"), null);
        var blockerId = blocker.Json!["server"]!["id"]!.ToString();
        // The member's only instance is taken; it is freed once the kit's create has been refused for it.
        var free = Task.Run(async () =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (sim.Backend.QuotaRefusals == 0)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the kit's create was never refused for quota within 30 s");
                await Task.Delay(20);
            }
            await demo.DeleteServerAsync(blockerId);
            await demo.ActionAsync(blockerId, new JsonObject { ["forceDelete"] = null }, null);
        });
        var r = await RunAsync(NoAuth(sim, 30), Args("--tags", "@id:pause-normal"));
        await free;

        r.Code.Should().Be(0, r.Output + r.Error);
        r.Output.Should().Contain("1 passed").And.Contain("0 broken");
        sim.Backend.QuotaRefusals.Should().BeGreaterThan(0, "the create met the quota and waited for room");
    }

    // ---------------------------------------------------------------- a scenario must do something

    [Test]
    public async Task A_feature_with_an_empty_scenario_exits_2()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "empty.feature"), "Feature: pausing\n  @id:empty @action:pause @aspect:code\n  Scenario: nothing at all\n");
        var r = await RunAsync(null, "run", "--no-html", "--features", dir, "--results", Results);
        r.Code.Should().Be(ExitCode.UsageOrConfiguration, r.Output + r.Error);
        r.Error.Should().Contain("empty.feature:3").And.Contain("has no steps");
    }

    [Test]
    public async Task A_run_that_covers_no_action_exits_2()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "noaction")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "a.feature"), "Feature: no action\n  @id:a\n  Scenario: a server exists\n    Given a server owned by the member\n");
        var r = await RunAsync(null, "run", "--no-html", "--features", dir, "--results", Results);
        r.Code.Should().Be(ExitCode.UsageOrConfiguration, r.Output + r.Error);
        r.Error.Should().Contain("exercises a server action").And.NotContain("   at ");
    }

    // ---------------------------------------------------------------- fixes

    [Test]
    public async Task The_snippet_for_an_undefined_step_is_a_plain_expression()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "cheese")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "moon.feature"), "Feature: moon\n  @id:m @action:pause\n  Scenario: cheese\n    Given the moon is made of cheese\n    When the owner pauses the server\n");
        var r = await RunAsync(null, "run", "--no-html", "--features", dir, "--results", Results);
        r.Code.Should().Be(ExitCode.UsageOrConfiguration);
        r.Error.Should().Contain("[Given(\"the moon is made of cheese\")]").And.NotContain("{action}");
    }

    [Test]
    public async Task The_progression_spelling_of_the_README_is_accepted()
    {
        var r = await RunAsync(null, Args("--simulator-progression", "seconds:0.2", "--tags", "@id:pause-normal"));
        r.Code.Should().Be(0, r.Output + r.Error);
    }
}
