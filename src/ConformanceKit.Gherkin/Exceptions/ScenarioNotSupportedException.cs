using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin;

/// <summary>The deployment does not implement what the scenario checks (a documented 501): outcome NotSupported.</summary>
public sealed class ScenarioNotSupportedException(string reason) : ScenarioInterruptedException(reason)
{
    public override Outcome Outcome => Outcome.NotSupported;
}
