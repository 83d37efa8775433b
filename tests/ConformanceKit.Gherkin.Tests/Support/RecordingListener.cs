using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin.Tests.Support;

internal sealed class RecordingListener : IRunListener
{
    public List<string> Events { get; } = [];

    public void ScenarioStarted(ScenarioCase scenario) => Events.Add($"scenario started {scenario.Id}");

    public void ScenarioFinished(ScenarioCase scenario, ScenarioResult result) => Events.Add($"scenario finished {scenario.Id} {result.Outcome}");

    public void StepStarted(ScenarioCase scenario, ScenarioStep step) => Events.Add($"step started {step.Text}");

    public void StepFinished(ScenarioCase scenario, ScenarioStep step, StepResult result) => Events.Add($"step finished {step.Text} {result.Outcome}");
}
