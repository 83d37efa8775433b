using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin.Execution;

/// <summary>Builds the <see cref="ScenarioResult"/> of a scenario.</summary>
internal static class ResultFactory
{
    public static ScenarioResult Create(
        ScenarioCase scenario,
        Verdict verdict,
        DateTimeOffset start,
        DateTimeOffset stop,
        IReadOnlyList<StepResult> steps,
        ScenarioReport? report) => new()
    {
        Id = scenario.Id,
        Feature = scenario.Feature,
        Scenario = scenario.Scenario,
        FullName = scenario.DisplayName,
        FeatureFile = scenario.FeatureFile,
        Line = scenario.Line,
        Tags = scenario.Tags,
        Outcome = verdict.Outcome,
        Message = verdict.Message,
        Trace = verdict.Trace,
        Start = start,
        Stop = stop,
        Steps = steps,
        Parameters = report?.Parameters ?? new Dictionary<string, string>(),
        Attachments = report?.ScenarioAttachments ?? [],
    };
}
