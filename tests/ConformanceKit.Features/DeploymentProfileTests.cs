using ConformanceKit.Core.Results;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// A cloud on Nova's shipped defaults conforms: no soft delete, shelve offloads at once, one compute host, no
/// floating IP pre-allocated. On it the kit reports only passes and skips, each skip naming the setting to change,
/// and notices it at once rather than after a timeout. The checks it relaxes there can still fail.
/// </summary>
[TestFixture]
[NonParallelizable]
public class DeploymentProfileTests
{
    private static readonly string[] Settings = ["reclaim_instance_interval", "shelved_offload_time", "second nova-compute host"];

    [Test]
    public async Task On_the_shipped_defaults_every_scenario_passes_or_is_skipped_with_the_setting_to_change()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var results = await FaultProfileTests.RunAsync("none", null, deployment: "defaults");
        watch.Stop();
        results.Should().HaveCountGreaterThan(300);
        results.Where(r => r.Outcome is Outcome.Failed or Outcome.Broken).Select(r => $"{r.Id}: {r.Outcome} {r.Message}")
            .Should().BeEmpty("Nova's shipped defaults are a conforming configuration");
        var skipped = results.Where(r => r.Outcome == Outcome.Skipped).ToList();
        skipped.Should().NotBeEmpty();
        skipped.Should().OnlyContain(r => Settings.Any(s => r.Message!.Contains(s)), "each skip names what to enable");
        skipped.Should().Contain(r => r.Message!.Contains("reclaim_instance_interval"));
        skipped.Should().Contain(r => r.Message!.Contains("shelved_offload_time"));
        skipped.Should().Contain(r => r.Message!.Contains("allow_resize_to_same_host"));
        // The shelve scenarios are judged on the documented immediate offload: they pass.
        FaultProfileTests.Find(results, "shelve-normal[status=ACTIVE]").Outcome.Should().Be(Outcome.Passed);
        FaultProfileTests.Find(results, "restore-normal").Outcome.Should().Be(Outcome.Skipped);
        // Noticed at once: the simulator settles immediately, so no scenario waits out a timeout (5 s here).
        results.Should().OnlyContain(r => r.Stop - r.Start < TimeSpan.FromSeconds(4), "no scenario should wait for a state that cannot come");
        TestContext.Progress.WriteLine($"defaults deployment: {results.Count(r => r.Outcome == Outcome.Passed)} passed, {skipped.Count} skipped, {results.Count(r => r.Outcome == Outcome.NotSupported)} not supported in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [TestCase("wrong-settled-status", "shelve-normal[status=ACTIVE]", "not SHELVED")]
    [TestCase("no-effect", "add-floating-ip-normal", "was associated with the server")]
    public Task On_the_shipped_defaults_a_broken_rule_still_fails(string fault, string id, string reported) =>
        ShouldFailOnDefaults(fault, id, reported);

    [Test]
    public async Task A_console_the_api_ref_documents_as_removed_is_not_supported_where_the_cloud_answers_as_a_release_without_it()
    {
        const string id = "remote-console-normal[verb=gets an RDP console for]";
        var result = FaultProfileTests.Find(await FaultProfileTests.RunAsync("none", "@id:remote-console-normal", onlyId: id, deployment: "no-rdp"), id);
        result.Outcome.Should().Be(Outcome.NotSupported, result.Message);
        result.Message.Should().Contain("removed from Nova in 29.0.0").And.Contain("HTTP 400");
        // Another 400 is not that answer: a cloud that loses Nova's error wrapper fails the scenario.
        var broken = FaultProfileTests.Find(await FaultProfileTests.RunAsync("wrong-error-shape", "@id:remote-console-normal", onlyId: id, deployment: "no-rdp"), id);
        broken.Outcome.Should().Be(Outcome.Failed, broken.Message);
    }

    [Test]
    public async Task A_Nova_newer_than_the_kit_is_judged_on_the_range_the_kit_knows_and_never_failed_for_the_rest()
    {
        // 2.110 stands for a release after the kit's 2.104: what lies above is not judged, what lies below still is.
        var results = await FaultProfileTests.RunAsync("none", "@aspect:microversions or @action:pause", deployment: "max:2.110");
        results.Should().HaveCountGreaterThan(50);
        results.Where(r => r.Outcome is Outcome.Failed or Outcome.Broken).Select(r => $"{r.Id}: {r.Outcome} {r.Message}")
            .Should().BeEmpty("microversions the kit does not know are not held against the cloud");
        results.Where(r => r.Outcome == Outcome.Skipped).Should().NotBeEmpty()
            .And.OnlyContain(r => r.Message!.Contains("above the microversions the kit knows (2.1-2.104)"));
        results.Count(r => r.Outcome == Outcome.Passed).Should().BeGreaterThan(results.Count / 2);
        // "latest" is the newest the kit knows, not the endpoint's 2.110.
        results.Select(r => r.Parameters.GetValueOrDefault("microversion")).Where(m => m?.StartsWith("latest", StringComparison.Ordinal) == true)
            .Should().NotBeEmpty().And.OnlyContain(m => m == "latest (2.104)");
    }

    private static async Task ShouldFailOnDefaults(string fault, string id, string reported)
    {
        var results = await FaultProfileTests.RunAsync(fault, "@id:" + id.Split('[')[0], onlyId: id, deployment: "defaults");
        var result = FaultProfileTests.Find(results, id);
        result.Outcome.Should().Be(Outcome.Failed, result.Message);
        result.Message.Should().Contain(reported);
    }
}
