namespace ConformanceKit.Gherkin;

/// <summary>A step definition for Given steps (and the And/But steps that follow them).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class GivenAttribute(string expression) : StepDefinitionAttribute(StepKeyword.Given, expression);
