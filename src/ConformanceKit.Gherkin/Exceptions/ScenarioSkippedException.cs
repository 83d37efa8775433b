using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin;

/// <summary>The scenario cannot run here (outside the endpoint's range, a missing prerequisite): outcome Skipped.</summary>
public sealed class ScenarioSkippedException(string reason) : ScenarioInterruptedException(reason)
{
    public override Outcome Outcome => Outcome.Skipped;
}
