using System.Text;
using System.Text.RegularExpressions;

namespace ConformanceKit.Gherkin.Expressions;

/// <summary>
/// Compiles a step expression. Text starting with '^' and ending with '$' is a regular expression whose groups
/// are the values; anything else is a Cucumber expression: <c>{type}</c> parameters, optional text <c>(s)</c>,
/// alternatives <c>a/b</c> (between spaces) and '\' escapes.
/// </summary>
internal static class StepExpressionCompiler
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <exception cref="FormatException">The expression is not valid; the message says where and why.</exception>
    public static StepExpression Compile(string expression, IReadOnlyDictionary<string, ParameterType> types)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression.Length >= 2 && expression.StartsWith('^') && expression.EndsWith('$')
            ? CompileRegex(expression)
            : CompileCucumber(expression, types);
    }

    private static StepExpression CompileRegex(string expression)
    {
        Regex regex;
        try
        {
            regex = new Regex(expression, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"invalid regular expression: {e.Message}", e);
        }

        var names = regex.GetGroupNumbers().Where(n => n != 0).Select(n => regex.GroupNameFromNumber(n)).ToList();
        return new StepExpression(expression, regex, names.Select(_ => (ParameterType?)null).ToList(), names);
    }

    private static StepExpression CompileCucumber(string expression, IReadOnlyDictionary<string, ParameterType> types)
    {
        var parts = CucumberExpressionTokenizer.Tokenize(expression);
        var pattern = new StringBuilder(@"\A");
        var parameters = new List<ParameterType?>();
        var names = new List<string>();

        foreach (var word in SplitOnWhitespace(parts))
        {
            if (word.Count == 1 && word[0].Kind == PartKind.Whitespace)
            {
                pattern.Append(Regex.Escape(word[0].Text));
            }
            else if (word.Any(p => p.Kind == PartKind.Slash))
            {
                pattern.Append(Alternation(expression, word));
            }
            else
            {
                foreach (var part in word)
                {
                    if (part.Kind == PartKind.Parameter)
                    {
                        var type = types.TryGetValue(part.Text, out var found)
                            ? found
                            : throw new FormatException($"unknown parameter type {{{part.Text}}} at position {part.Position + 1}; known types: {string.Join(", ", types.Keys.Select(k => "{" + k + "}"))}");
                        var name = "p" + parameters.Count;
                        pattern.Append($"(?<{name}>{type.Regex})");
                        parameters.Add(type);
                        names.Add(name);
                    }
                    else
                    {
                        pattern.Append(Literal(part));
                    }
                }
            }
        }

        pattern.Append(@"\z");
        try
        {
            return new StepExpression(expression, new Regex(pattern.ToString(), RegexOptions.CultureInvariant, MatchTimeout), parameters, names);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"a parameter type's regex is invalid: {e.Message}", e);
        }
    }

    private static string Alternation(string expression, List<Part> word)
    {
        var alternatives = new List<StringBuilder> { new() };
        foreach (var part in word)
        {
            switch (part.Kind)
            {
                case PartKind.Slash:
                    alternatives.Add(new StringBuilder());
                    break;
                case PartKind.Parameter:
                    throw new FormatException($"the parameter {{{part.Text}}} at position {part.Position + 1} cannot be part of an alternation ('/'); escape the '/' as '\\/' if it is text");
                default:
                    alternatives[^1].Append(Literal(part));
                    break;
            }
        }

        if (alternatives.Any(a => a.Length == 0))
        {
            throw new FormatException($"an alternation in '{expression}' has an empty alternative; escape the '/' as '\\/' if it is text");
        }

        return "(?:" + string.Join("|", alternatives) + ")";
    }

    private static string Literal(Part part) => part.Kind switch
    {
        PartKind.Optional => $"(?:{Regex.Escape(part.Text)})?",
        _ => Regex.Escape(part.Text),
    };

    /// <summary>Groups the parts into words (no whitespace inside) and whitespace runs, in order.</summary>
    private static IEnumerable<List<Part>> SplitOnWhitespace(IReadOnlyList<Part> parts)
    {
        var word = new List<Part>();
        foreach (var part in parts)
        {
            if (part.Kind == PartKind.Whitespace)
            {
                if (word.Count > 0)
                {
                    yield return word;
                    word = [];
                }

                yield return [part];
            }
            else
            {
                word.Add(part);
            }
        }

        if (word.Count > 0)
        {
            yield return word;
        }
    }
}
