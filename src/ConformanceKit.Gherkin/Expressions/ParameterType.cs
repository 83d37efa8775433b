namespace ConformanceKit.Gherkin.Expressions;

/// <summary>A <c>{name}</c> usable in Cucumber expressions: the regex of one value and how to turn the text into a value.</summary>
internal sealed class ParameterType
{
    private readonly Func<string, Type, object?> convert;

    public ParameterType(string name, string regex, Type? valueType, Func<string, Type, object?> convert, bool useForSnippets, string source)
    {
        Name = name;
        Regex = regex;
        ValueType = valueType;
        this.convert = convert;
        UseForSnippets = useForSnippets;
        Source = source;
    }

    public string Name { get; }

    public string Regex { get; }

    /// <summary>The type a registered transform returns; null for built-ins, which convert to the parameter's type.</summary>
    public Type? ValueType { get; }

    public bool UseForSnippets { get; }

    /// <summary>Where the type comes from ("built-in" or the registering method).</summary>
    public string Source { get; }

    /// <summary>Whether a step method parameter of this type can receive the value.</summary>
    public bool CanBindTo(Type parameterType) =>
        ValueType is null ? ValueConverter.CanConvert(parameterType) : parameterType.IsAssignableFrom(ValueType)
            || (Nullable.GetUnderlyingType(parameterType) is { } underlying && underlying == ValueType);

    /// <exception cref="FormatException">The text cannot be converted; the message says why.</exception>
    public object? Convert(string text, Type parameterType) => convert(text, parameterType);

    public override string ToString() => $"{{{Name}}}";
}
