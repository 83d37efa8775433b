namespace ConformanceKit.Gherkin;

/// <summary>
/// Base of <see cref="GivenAttribute"/>, <see cref="WhenAttribute"/> and <see cref="ThenAttribute"/>.
/// The expression is a Cucumber expression (<c>{int}</c>, <c>{string}</c>, <c>{word}</c>, <c>{float}</c>, <c>{}</c>,
/// registered <c>{name}</c> types, optional text <c>(s)</c>, alternatives <c>a/b</c>; <c>\</c> escapes),
/// or a regular expression when it starts with <c>^</c> and ends with <c>$</c>. It must match the whole step text.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public abstract class StepDefinitionAttribute(StepKeyword keyword, string expression) : Attribute
{
    public StepKeyword Keyword { get; } = keyword;

    public string Expression { get; } = expression;
}
