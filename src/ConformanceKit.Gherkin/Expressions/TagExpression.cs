using System.Diagnostics.CodeAnalysis;
using ConformanceKit.Gherkin.Expressions;

namespace ConformanceKit.Gherkin;

/// <summary>
/// A Cucumber tag expression such as <c>@a and not @b</c>, <c>@a or @b</c>, <c>(@a or @b) and not @wip</c>.
/// Tags compare exactly (case-sensitive, with their '@'). An empty expression matches every scenario.
/// </summary>
public sealed class TagExpression
{
    private readonly TagNode root;

    private TagExpression(string text, TagNode root)
    {
        Text = text;
        this.root = root;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <exception cref="FormatException">The expression is not valid; the one-line message says where and why.</exception>
    public static TagExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var expression, out var error))
        {
            throw new FormatException(error);
        }

        return expression;
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out TagExpression? expression, [NotNullWhen(false)] out string? error)
    {
        try
        {
            expression = new TagExpression(text, TagExpressionParser.Parse(text));
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            expression = null;
            error = $"Invalid tag expression '{text}': {e.Message}.";
            return false;
        }
    }

    public bool Matches(IEnumerable<string> tags) => root.Evaluate(tags as IReadOnlySet<string> ?? new HashSet<string>(tags, StringComparer.Ordinal));

    /// <summary>The expression fully parenthesised, showing how it was understood.</summary>
    public string ToCanonicalString() => root.ToString();

    public override string ToString() => Text;
}
