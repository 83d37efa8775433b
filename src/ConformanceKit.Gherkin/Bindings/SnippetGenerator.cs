using System.Text;
using System.Text.RegularExpressions;
using ConformanceKit.Gherkin.Expressions;

namespace ConformanceKit.Gherkin.Bindings;

/// <summary>
/// Suggests a step definition for an undefined step: quoted text becomes {string}, a word that a registered parameter
/// type both matches and converts (a real value of it) becomes that type, whole numbers {int}, decimals {float}; the rest stays literal (escaped).
/// </summary>
internal static partial class SnippetGenerator
{
    public static string Suggest(ScenarioStep step, IReadOnlyList<ParameterType> customTypes)
    {
        var (expression, parameterTypes) = BuildExpression(step.Text, customTypes);
        var parameters = parameterTypes.Select((type, i) => $"{type} p{i}").ToList();
        if (step.DataTable is not null)
        {
            parameters.Add("DataTable table");
        }
        else if (step.DocString is not null)
        {
            parameters.Add("string docString");
        }

        var literal = expression.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var snippet = new StringBuilder()
            .AppendLine("Add a step definition to a [Binding] class, for example:")
            .AppendLine($"    [{step.KeywordType}(\"{literal}\")]")
            .AppendLine($"    public void {MethodName(step.KeywordType, expression)}({string.Join(", ", parameters)})")
            .AppendLine("    {")
            .AppendLine("        throw new NotImplementedException();")
            .Append("    }");
        return snippet.ToString();
    }

    /// <summary>The Cucumber expression for the text and the C# type of each of its parameters.</summary>
    public static (string Expression, IReadOnlyList<string> ParameterTypes) BuildExpression(string text, IReadOnlyList<ParameterType> customTypes)
    {
        var expression = new StringBuilder();
        var types = new List<string>();
        var position = 0;
        foreach (Match token in Token().Matches(text))
        {
            expression.Append(text, position, token.Index - position);
            position = token.Index + token.Length;
            if (token.Groups["quoted"].Success)
            {
                expression.Append("{string}");
                types.Add("string");
                continue;
            }

            var custom = customTypes.FirstOrDefault(t => t.UseForSnippets && BuiltInParameterTypes.IsMatch(t, token.Value) && IsValueOf(t, token.Value));
            if (custom is not null)
            {
                expression.Append($"{{{custom.Name}}}");
                types.Add(TypeName(custom.ValueType!));
            }
            else if (WholeNumber().IsMatch(token.Value))
            {
                expression.Append("{int}");
                types.Add("int");
            }
            else if (DecimalNumber().IsMatch(token.Value))
            {
                expression.Append("{float}");
                types.Add("double");
            }
            else
            {
                expression.Append(Escape(token.Value));
            }
        }

        expression.Append(text, position, text.Length - position);
        return (expression.ToString(), types);
    }

    /// <summary>
    /// Whether the word really is a value of the type: its regex matching is not enough (a broad regex such as a verb
    /// phrase's matches any word), so the type's own conversion must accept it too.
    /// </summary>
    private static bool IsValueOf(ParameterType type, string word)
    {
        try
        {
            type.Convert(word, type.ValueType ?? typeof(string));
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static string MethodName(StepKeyword keyword, string expression)
    {
        var name = new StringBuilder(keyword.ToString());
        var withoutParameters = Regex.Replace(expression, @"\{[^}]*\}", " ");
        foreach (var word in Regex.Split(withoutParameters, "[^A-Za-z0-9]+").Where(w => w.Length > 0))
        {
            name.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
        }

        return name.Length == keyword.ToString().Length ? name + "Step" : name.ToString();
    }

    private static string Escape(string literal)
    {
        var escaped = new StringBuilder();
        foreach (var c in literal)
        {
            if (c is '\\' or '(' or ')' or '{' or '}' or '/')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static string TypeName(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;

    /// <summary>A double-quoted string, a single-quoted string starting a word, or a run of other non-space characters.</summary>
    [GeneratedRegex(@"(?<quoted>""(?:[^""\\]|\\.)*""|(?<=^|\s)'(?:[^'\\]|\\.)*'(?=$|[\s,.;:!?]))|[^\s""]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"\A-?\d+\z")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"\A-?\d*\.\d+\z")]
    private static partial Regex DecimalNumber();
}
