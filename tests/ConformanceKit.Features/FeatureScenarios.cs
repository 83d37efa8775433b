using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Core.Results;
using ConformanceKit.Gherkin;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// The NUnit bridge: every pickle of features/ as one NUnit test, run by Reqnroll's runtime against the embedded
/// simulator, or against the cloud that OS_CLOUD / OS_* variables name. This is what Reqnroll.NUnit would generate
/// (it is not served here): test names "Feature / Scenario [example row]", tags as categories ("action:pause",
/// "aspect:preconditions", "id:pause-normal"), and Reqnroll's skip/pending reported through NUnit.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class FeatureScenarios
{
    private static readonly Lazy<GherkinSuite> Suite = new(() =>
        ConformanceHost.Discover(Path.Combine(RepoRoot.Find(), "features"), Environment.GetEnvironmentVariable("NCK_TAGS")));

    private static ConformanceHost? host;
    private static ScenarioRunner? runner;
    private static readonly Bridge.NUnitRuntimeProvider Runtime = new();

    public static IEnumerable<TestCaseData> Scenarios()
    {
        foreach (var scenario in Suite.Value.Scenarios)
        {
            var data = new TestCaseData(scenario).SetName(scenario.DisplayName).SetProperty("id", scenario.Id);
            foreach (var tag in scenario.Tags) data.SetCategory(tag.TrimStart('@'));
            yield return data;
        }
    }

    [OneTimeSetUp]
    public async Task StartTarget()
    {
        if (Suite.Value.Errors.Count > 0) return;
        host = await ConformanceHost.StartAsync(new ConformanceKit.Cli.Hosting.RunOptions(), CloudConfigLoader.FromProcess(), CancellationToken.None);
        runner = host.CreateRunner(Suite.Value, listener: null, unitTestRuntime: Runtime);
        TestContext.Progress.WriteLine($"Certifying {host.Target.Name}: microversions {host.Session.Api.Range}, run {host.Session.RunId}");
    }

    [OneTimeTearDown]
    public async Task StopTarget()
    {
        if (runner is not null) await runner.DisposeAsync();
        if (host is not null) await host.DisposeAsync();
    }

    [Test]
    public void Features_are_discovered_without_errors()
    {
        Assert.That(Suite.Value.Scenarios, Is.Not.Empty, "no scenario was discovered");
        Assert.That(Suite.Value.Errors, Is.Empty, string.Join("\n", Suite.Value.Errors.Select(e => $"{e.File}:{e.Line}: {e.Message}\n{e.Suggestion}")));
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task Scenario(ScenarioCase scenario)
    {
        if (runner is null) Assert.Fail("The target did not start; see the discovery test.");
        var result = await runner!.RunAsync(scenario);
        var message = $"{result.Message}\n{string.Join("\n", result.Steps.Select(s => $"  {s.Outcome,-8} {s.Keyword}{s.Text}"))}";
        switch (result.Outcome)
        {
            case Outcome.Passed: return;
            case Outcome.Skipped: Runtime.TestIgnore(result.Message ?? "skipped"); break;
            case Outcome.NotSupported: Runtime.TestInconclusive("Not supported by this deployment: " + result.Message); break;
            default: Assert.Fail($"{result.Outcome}: {message}"); break;
        }
    }
}

internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConformanceKit.sln"))) return dir.FullName;
        throw new InvalidOperationException("ConformanceKit.sln was not found above " + AppContext.BaseDirectory);
    }
}
