namespace ConformanceKit.Gherkin;

/// <summary>A step definition for Then steps (and the And/But steps that follow them).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ThenAttribute(string expression) : StepDefinitionAttribute(StepKeyword.Then, expression);
