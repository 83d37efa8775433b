namespace ConformanceKit.Gherkin;

/// <summary>
/// Base of the hook attributes. A hook runs for every scenario, or, when tag expressions are given,
/// for the scenarios matching any of them (e.g. <c>"@slow"</c>, <c>"@a and not @b"</c>).
/// Hooks run by ascending <see cref="Order"/>, then by class and method name. Hook methods may be static or
/// instance methods of a <see cref="BindingAttribute"/> class; their parameters are resolved like constructor parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public abstract class HookAttribute(params string[] tagExpressions) : Attribute
{
    public IReadOnlyList<string> TagExpressions { get; } = tagExpressions;

    public int Order { get; set; } = 10000;
}
