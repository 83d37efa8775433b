namespace ConformanceKit.Gherkin;

/// <summary>How a <see cref="ScenarioRunner"/> runs scenarios.</summary>
public sealed record RunOptions
{
    /// <summary>Match every step and report it Passed, without creating bindings or calling any step method or hook.</summary>
    public bool DryRun { get; init; }

    /// <summary>Receives live progress, or null.</summary>
    public IRunListener? Listener { get; init; }

    /// <summary>Objects shared by the whole run, injected by type.</summary>
    public InstanceRegistry Instances { get; init; } = new();

    /// <summary>The clock for start/stop times.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
