namespace ConformanceKit.Gherkin;

/// <summary>Runs before the first step of each (matching) scenario. An exception stops the scenario; after-hooks still run.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class BeforeScenarioAttribute(params string[] tagExpressions) : HookAttribute(tagExpressions);
