namespace ConformanceKit.Gherkin;

/// <summary>
/// Registers a typed parameter <c>{name}</c> for Cucumber expressions. Put it on a public static method of a
/// <see cref="BindingAttribute"/> class that takes the matched text and returns the value
/// (e.g. <c>[ParameterType("microversion", @"\d+\.\d+")] public static Microversion Parse(string text)</c>).
/// The method should be pure: it also runs at discovery, so that a bad value is reported with its file:line.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ParameterTypeAttribute(string name, string regex) : Attribute
{
    public string Name { get; } = name;

    /// <summary>The regular expression of one value, without anchors.</summary>
    public string Regex { get; } = regex;

    /// <summary>Whether suggested bindings for undefined steps use this type for words it matches.</summary>
    public bool UseForSnippets { get; set; } = true;
}
