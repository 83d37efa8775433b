using System.Text.RegularExpressions;

namespace ConformanceKit.Gherkin.Expressions;

/// <summary>A compiled step expression: a regex anchored on the whole step text, and the type of each captured value.</summary>
internal sealed class StepExpression
{
    private readonly IReadOnlyList<string> groupNames;

    public StepExpression(string source, Regex regex, IReadOnlyList<ParameterType?> parameters, IReadOnlyList<string> groupNames)
    {
        Source = source;
        Regex = regex;
        Parameters = parameters;
        this.groupNames = groupNames;
    }

    /// <summary>The expression as written in the attribute.</summary>
    public string Source { get; }

    public Regex Regex { get; }

    /// <summary>One entry per captured value: its parameter type, or null for a plain regex group (converted from text).</summary>
    public IReadOnlyList<ParameterType?> Parameters { get; }

    /// <summary>The captured texts when the expression matches the whole text; otherwise null.</summary>
    public IReadOnlyList<string?>? Match(string text)
    {
        var match = Regex.Match(text);
        return match.Success
            ? groupNames.Select(name => match.Groups[name] is { Success: true } group ? group.Value : null).ToList()
            : null;
    }

    /// <summary>Converts captured value <paramref name="index"/> to the step method's parameter type.</summary>
    /// <exception cref="FormatException">The text is not a valid value.</exception>
    public object? Convert(int index, string? text, Type target) =>
        Parameters[index] is { } type && text is not null ? type.Convert(text, target) : ValueConverter.Convert(text, target);

    public override string ToString() => Source;
}
