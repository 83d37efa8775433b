namespace ConformanceKit.Gherkin.Parsing;

/// <summary>A compiled scenario with the line of the Scenario (Outline) it comes from.</summary>
internal sealed record ParsedScenario(ScenarioCase Case, int ScenarioLine);
