namespace ConformanceKit.Gherkin;

/// <summary>Runs after each (matching) scenario, always: also when a step failed or the scenario was skipped. Cleanup lives here.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AfterScenarioAttribute(params string[] tagExpressions) : HookAttribute(tagExpressions);
