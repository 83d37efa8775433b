using System.Text;

namespace ConformanceKit.Gherkin.Expressions;

internal enum PartKind
{
    Text,
    Whitespace,
    Parameter,
    Optional,
    Slash,
}

/// <summary>A piece of a Cucumber expression; <see cref="Text"/> is unescaped (for a parameter: its type name).</summary>
internal sealed record Part(PartKind Kind, string Text, int Position);

/// <summary>Splits a Cucumber expression into text, whitespace, <c>{parameters}</c>, <c>(optional text)</c> and '/'.</summary>
internal static class CucumberExpressionTokenizer
{
    public static IReadOnlyList<Part> Tokenize(string expression)
    {
        var parts = new List<Part>();
        var text = new StringBuilder();
        var textStart = 0;
        var textIsSpace = false;

        void Flush()
        {
            if (text.Length > 0)
            {
                parts.Add(new Part(textIsSpace ? PartKind.Whitespace : PartKind.Text, text.ToString(), textStart));
                text.Clear();
            }
        }

        void AddText(char c, int position, bool isSpace)
        {
            if (text.Length > 0 && textIsSpace != isSpace)
            {
                Flush();
            }

            if (text.Length == 0)
            {
                textStart = position;
                textIsSpace = isSpace;
            }

            text.Append(c);
        }

        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= expression.Length)
                    {
                        throw new FormatException("the expression ends with a lone '\\'; write '\\\\' for a backslash");
                    }

                    AddText(expression[++i], i - 1, false);
                    break;
                case '{':
                    Flush();
                    var (name, end) = ReadGroup(expression, i, '}', "{", "parameter");
                    if (name.Any(ch => ch is '{' or '(' or ')' or '/' or '\\' || char.IsWhiteSpace(ch)))
                    {
                        throw new FormatException($"the parameter name '{name}' at position {i + 1} may not contain spaces, brackets, '/' or '\\'");
                    }

                    parts.Add(new Part(PartKind.Parameter, name, i));
                    i = end;
                    break;
                case '(':
                    Flush();
                    var (optional, close) = ReadGroup(expression, i, ')', "(", "optional text");
                    if (optional.Length == 0 || optional.Any(ch => ch is '{' or '(' or '/' or '\\'))
                    {
                        throw new FormatException($"the optional text at position {i + 1} must be plain, non-empty text (no parameters, '/', '\\' or nesting)");
                    }

                    parts.Add(new Part(PartKind.Optional, optional, i));
                    i = close;
                    break;
                case '/':
                    Flush();
                    parts.Add(new Part(PartKind.Slash, "/", i));
                    break;
                case '}' or ')':
                    throw new FormatException($"the '{c}' at position {i + 1} has no opening bracket; escape it as '\\{c}' if it is text");
                default:
                    AddText(c, i, char.IsWhiteSpace(c));
                    break;
            }
        }

        Flush();
        return parts;
    }

    private static (string Content, int End) ReadGroup(string expression, int start, char closing, string opening, string what)
    {
        var end = expression.IndexOf(closing, start + 1);
        return end < 0
            ? throw new FormatException($"the {what} '{opening}' at position {start + 1} is not closed with '{closing}'; escape it as '\\{opening}' if it is text")
            : (expression[(start + 1)..end], end);
    }
}
