using ConformanceKit.Gherkin.Bridge;
using Reqnroll.UnitTestProvider;

namespace ConformanceKit.Gherkin;

/// <summary>How a <see cref="ScenarioRunner"/> runs scenarios.</summary>
public sealed record RunOptions
{
    /// <summary>Reqnroll's dry run: match every step and convert its arguments, call no step method and no hook.</summary>
    public bool DryRun { get; init; }

    /// <summary>Receives live progress, or null.</summary>
    public IRunListener? Listener { get; init; }

    /// <summary>Objects shared by the whole run, injected by type (registered in Reqnroll's global container).</summary>
    public InstanceRegistry Instances { get; init; } = new();

    /// <summary>The clock for start/stop times.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The test framework's Reqnroll runtime provider (NUnit's, in the features test project) for pending, ignored and
    /// inconclusive steps; null outside a test framework.
    /// </summary>
    public IUnitTestRuntimeProvider? UnitTestRuntime { get; init; }

    /// <summary>Where Reqnroll's Cucumber Messages and HTML formatters write, or null for what reqnroll.json says.</summary>
    public FormatterOutputs? Formatters { get; init; }
}
