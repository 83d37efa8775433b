namespace ConformanceKit.Gherkin;

/// <summary>A step definition for When steps (and the And/But steps that follow them).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class WhenAttribute(string expression) : StepDefinitionAttribute(StepKeyword.When, expression);
