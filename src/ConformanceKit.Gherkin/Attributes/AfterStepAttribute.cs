namespace ConformanceKit.Gherkin;

/// <summary>Runs after each executed step of each (matching) scenario, also when the step failed.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AfterStepAttribute(params string[] tagExpressions) : HookAttribute(tagExpressions);
