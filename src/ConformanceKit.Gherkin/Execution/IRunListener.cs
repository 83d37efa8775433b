using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin;

/// <summary>
/// Live progress of a run. Every method has an empty default; implement the ones you need.
/// Steps that never started (after a failure) get only <see cref="StepFinished"/>, with outcome Skipped.
/// </summary>
public interface IRunListener
{
    void ScenarioStarted(ScenarioCase scenario)
    {
    }

    void ScenarioFinished(ScenarioCase scenario, ScenarioResult result)
    {
    }

    void StepStarted(ScenarioCase scenario, ScenarioStep step)
    {
    }

    void StepFinished(ScenarioCase scenario, ScenarioStep step, StepResult result)
    {
    }
}
