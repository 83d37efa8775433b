using ConformanceKit.Core.Results;
using FluentAssertions;

namespace ConformanceKit.Gherkin.Tests.Support;

/// <summary>Discovers a feature text with this assembly's bindings and runs its scenarios through Reqnroll with a fresh <see cref="Journal"/>.</summary>
internal sealed class Harness
{
    private Harness(GherkinSuite suite) => Suite = suite;

    public GherkinSuite Suite { get; }

    public Journal Journal { get; } = new();

    public static Harness For(string feature, string? configurationFile = null) => new(FeatureFolder.Discover(feature, configurationFile));

    /// <summary>Runs the only scenario of the suite (its discovery must be clean).</summary>
    public Task<ScenarioResult> RunSingleAsync(RunOptions? options = null)
    {
        Suite.Errors.Should().BeEmpty();
        Suite.Scenarios.Should().ContainSingle();
        return RunAsync(Suite.Scenarios[0], options);
    }

    public async Task<ScenarioResult> RunAsync(ScenarioCase scenario, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        if (!options.Instances.Contains(typeof(Journal))) options.Instances.Add(Journal);
        await using var runner = Suite.CreateRunner(options);
        return await runner.RunAsync(scenario, cancellationToken);
    }
}
