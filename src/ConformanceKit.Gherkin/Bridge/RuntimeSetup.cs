using Reqnroll.UnitTestProvider;

namespace ConformanceKit.Gherkin.Bridge;

/// <summary>How the bridge sets up Reqnroll's runtime for one run.</summary>
internal sealed record RuntimeSetup
{
    public bool DryRun { get; init; }
    public InstanceRegistry Instances { get; init; } = new();
    public IUnitTestRuntimeProvider? UnitTestRuntime { get; init; }
    public string? ConfigurationFile { get; init; }
    public FormatterOutputs? Formatters { get; init; }
}
