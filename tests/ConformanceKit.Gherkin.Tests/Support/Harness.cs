using ConformanceKit.Core.Results;
using FluentAssertions;

namespace ConformanceKit.Gherkin.Tests.Support;

/// <summary>Discovers a feature text with given bindings and runs its scenarios with a fresh <see cref="Journal"/>.</summary>
internal sealed class Harness
{
    private Harness(GherkinSuite suite) => Suite = suite;

    public GherkinSuite Suite { get; }

    public Journal Journal { get; } = new();

    public static Harness For(string feature, params Type[] bindings) => new(FeatureFolder.Discover(feature, bindings));

    /// <summary>Runs the only scenario of the suite (its discovery must be clean).</summary>
    public Task<ScenarioResult> RunSingleAsync(RunOptions? options = null)
    {
        Suite.Errors.Should().BeEmpty();
        Suite.Scenarios.Should().ContainSingle();
        return RunAsync(Suite.Scenarios[0], options);
    }

    public Task<ScenarioResult> RunAsync(ScenarioCase scenario, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        if (!options.Instances.TryGet(typeof(Journal), out _))
        {
            options.Instances.Add(Journal);
        }

        return Suite.CreateRunner(options).RunAsync(scenario, cancellationToken);
    }
}
