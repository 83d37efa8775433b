using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin;

/// <summary>The kit, its configuration or the endpoint failed (5xx, timeout): outcome Broken, not a verdict on conformance.</summary>
public sealed class ScenarioBrokenException(string message, Exception? inner = null) : ScenarioInterruptedException(message, inner)
{
    public override Outcome Outcome => Outcome.Broken;
}
