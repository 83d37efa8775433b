namespace ConformanceKit.Gherkin;

/// <summary>Runs before each step of each (matching) scenario.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class BeforeStepAttribute(params string[] tagExpressions) : HookAttribute(tagExpressions);
