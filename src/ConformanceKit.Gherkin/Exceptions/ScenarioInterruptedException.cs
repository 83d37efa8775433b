using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin;

/// <summary>
/// Thrown by a step or hook to end the scenario with an outcome other than Failed.
/// Any other exception from a step means Failed.
/// </summary>
public abstract class ScenarioInterruptedException : Exception
{
    protected ScenarioInterruptedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>The outcome the scenario (and the step that threw) ends with.</summary>
    public abstract Outcome Outcome { get; }
}
