using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Core.Results;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// Each conformance check must be able to fail: run the scenarios against a simulator that breaks one rule and
/// show that the kit reports exactly that breakage, on the scenario that checks the rule.
/// </summary>
[TestFixture]
[NonParallelizable]
public class FaultProfileTests
{
    private static readonly string Features = Path.Combine(RepoRoot.Find(), "features");

    /// <summary>
    /// Runs the scenarios matching <paramref name="tags"/> (only the one whose id is <paramref name="onlyId"/>, when given)
    /// against a simulator with <paramref name="faults"/>.
    /// </summary>
    internal static async Task<IReadOnlyList<ScenarioResult>> RunAsync(string faults, string? tags, bool tolerateExtensions = false, string? onlyId = null,
        string? deployment = null, string? readerToken = null)
    {
        var options = new ConformanceKit.Cli.Hosting.RunOptions { SimulatorFaults = faults, Simulator = true, Tags = tags, TolerateExtensions = tolerateExtensions,
            SimulatorDeployment = deployment, ReaderToken = readerToken,
            // The simulator settles immediately: a server that has not settled in 5 s never will.
            WaitTimeout = TimeSpan.FromSeconds(5) };
        var suite = ConformanceHost.Discover(Features, tags);
        suite.Errors.Should().BeEmpty();
        await using var host = await ConformanceHost.StartAsync(options, new CloudConfigLoader(_ => null), CancellationToken.None);
        await using var runner = host.CreateRunner(suite, listener: null);
        var results = new List<ScenarioResult>();
        foreach (var s in suite.Scenarios.Where(s => onlyId is null || s.Id == onlyId)) results.Add(await runner.RunAsync(s));
        return results;
    }

    internal static ScenarioResult Find(IReadOnlyList<ScenarioResult> results, string id) =>
        results.SingleOrDefault(r => r.Id == id) ?? throw new AssertionException($"no result with id {id}; ids: {string.Join(", ", results.Select(r => r.Id))}");

    [Test]
    public async Task A_faithful_simulator_passes_the_same_scenarios()
    {
        var results = await RunAsync("none", "@action:pause or @action:lock");
        results.Should().OnlyContain(r => r.Outcome == Outcome.Passed, because: string.Join("\n", results.Where(r => r.Outcome != Outcome.Passed).Select(r => $"{r.Id}: {r.Message}")));
    }

    [TestCase("wrong-code", "pause-normal", "the api-ref documents 202")]
    [TestCase("missing-409", "pause-conflict[status=PAUSED]", "the api-ref documents 409")]
    [TestCase("wrong-settled-status", "pause-normal", "not PAUSED")]
    [TestCase("body-where-none", "pause-normal", "Contract violation")]
    [TestCase("no-microversion-echo", "pause-microversion[microversion=2.1]", "OpenStack-API-Version")]
    [TestCase("extra-field", "lock-normal", "Contract violation in the GET server")]
    [TestCase("wrong-error-shape", "pause-missing[verb=pauses]", "Contract violation")]
    [TestCase("lock-ignored", "pause-locked", "the api-ref documents 409")]
    [TestCase("policy-open", "reset-state-policy", "the api-ref documents 403")]
    [TestCase("stuck", "pause-normal", "last seen: status")]
    [TestCase("error-on-action", "pause-normal", "went to ERROR")]
    [TestCase("garbage", "pause-normal", "Contract violation")]
    [TestCase("wrong-code", "create-image-from-2.45", "the api-ref documents 202")]
    [TestCase("policy-open", "reader-acts[verb=pauses]", "the api-ref documents 403")]
    [TestCase("policy-open", "reader-acts-from[verb=unshelves, status=SHELVED_OFFLOADED]", "the api-ref documents 403")]
    [TestCase("policy-open", "reader-unlocks", "the api-ref documents 403")]
    [TestCase("no-406", "microversion-above-maximum", "the api-ref documents 406")]
    [TestCase("vague-406", "microversion-above-maximum", "names the range the endpoint serves")]
    [TestCase("no-microversion-echo", "microversion-echo[asking=at the advertised maximum, served=maximum]", "OpenStack-API-Version")]
    [TestCase("no-microversion-echo", "microversion-echo[asking=without a microversion header, served=minimum]", "OpenStack-API-Version")]
    public Task A_broken_rule_fails_the_scenario_that_checks_it(string fault, string id, string reported) => ShouldFail(fault, id, reported);

    /// <summary>Runs scenario <paramref name="id"/> (with its example row) against the broken simulator: it must fail, saying <paramref name="reported"/>.</summary>
    internal static async Task ShouldFail(string fault, string id, string reported)
    {
        var results = await RunAsync(fault, "@id:" + id.Split('[')[0], onlyId: id);
        var result = Find(results, id);
        result.Outcome.Should().Be(Outcome.Failed, $"the simulator broke '{fault}'; message: {result.Message}");
        result.Message.Should().Contain(reported);
    }

    [Test]
    public async Task Tolerating_extensions_turns_the_extra_field_into_a_warning_only()
    {
        var results = await RunAsync("extra-field", "@id:lock-normal", tolerateExtensions: true);
        var result = results.Single();
        result.Outcome.Should().Be(Outcome.Passed, result.Message);
        result.Attachments.Concat(result.Steps.SelectMany(s => s.Attachments))
            .Should().Contain(a => a.Name.StartsWith("contract warnings", StringComparison.Ordinal) && a.Content.Contains("OS-EXT-SIM:undocumented"));
    }

    [Test]
    public async Task A_documented_501_is_not_supported_rather_than_passed_or_failed()
    {
        var results = await RunAsync("not-implemented", "@id:pause-normal or @id:unpause-normal");
        results.Should().NotBeEmpty();
        results.Should().OnlyContain(r => r.Outcome == Outcome.NotSupported, string.Join("\n", results.Select(r => $"{r.Id}: {r.Outcome} {r.Message}")));
        results.Should().OnlyContain(r => r.Message!.Contains("answered 501"), "unpause cannot even be prepared: pause is not implemented");
    }

    [Test]
    public async Task An_endpoint_answering_500_is_an_endpoint_fault_not_a_pass()
    {
        var results = await RunAsync("http-500", "@id:pause-normal");
        results.Single().Outcome.Should().Be(Outcome.Broken);
        results.Single().Message.Should().StartWith("The endpoint failed");
    }

    /// <summary>
    /// A cloud that answers statuses in lower case (outside Nova's enum): every scenario that waits for a status fails at
    /// once naming the violation, instead of each waiting out the wait timeout for an upper-case status that never comes.
    /// </summary>
    [Test]
    public async Task A_status_outside_Novas_enum_fails_each_wait_at_once_naming_it()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var results = await RunAsync("lowercase-status", "@action:pause and not @aspect:microversion");
        watch.Stop();
        var failed = results.Where(r => r.Outcome == Outcome.Failed).ToList();
        failed.Should().HaveCountGreaterThan(10);
        // The waiter names the violation; a scenario that reads the server itself gets the schema's word for it.
        failed.Should().OnlyContain(r => r.Message!.Contains("is not one of Nova's server statuses") || r.Message!.Contains("/server/status: expected one of"),
            string.Join("\n", failed.Select(r => $"{r.Id}: {r.Message}")));
        failed.Should().Contain(r => r.Message!.Contains("is not one of Nova's server statuses") && r.Message!.Contains("the wait stopped at once"));
        results.Should().NotContain(r => r.Outcome == Outcome.Broken, "a contract violation is a verdict, not an endpoint fault");
        // Each scenario would otherwise wait out the 5 s wait timeout: more than a minute for these alone.
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(failed.Count * 5 / 3),
            $"{failed.Count} scenarios failed at once; none waited out the 5 s wait timeout");
        TestContext.Progress.WriteLine($"lowercase-status: {failed.Count} of {results.Count} scenarios failed naming the violation in {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
