using System.Text;

namespace ConformanceKit.Gherkin.Expressions;

/// <summary>
/// Parses Cucumber tag expressions: tags (starting with '@'), <c>not</c>, <c>and</c>, <c>or</c> (in decreasing
/// precedence) and parentheses; '\' escapes a character in a tag name.
/// </summary>
internal sealed class TagExpressionParser
{
    private readonly List<Token> tokens;
    private int index;

    private TagExpressionParser(List<Token> tokens) => this.tokens = tokens;

    /// <exception cref="FormatException">The expression is not valid; the message says where and why.</exception>
    public static TagNode Parse(string text)
    {
        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            return new TagNode.True();
        }

        var parser = new TagExpressionParser(tokens);
        var node = parser.ParseOr();
        if (parser.index < tokens.Count)
        {
            var extra = tokens[parser.index];
            throw Error($"unexpected '{extra.Text}' at position {extra.Position + 1}; join terms with 'and' or 'or'");
        }

        return node;
    }

    private TagNode ParseOr()
    {
        var left = ParseAnd();
        while (Accept("or"))
        {
            left = new TagNode.Or(left, ParseAnd());
        }

        return left;
    }

    private TagNode ParseAnd()
    {
        var left = ParseUnary();
        while (Accept("and"))
        {
            left = new TagNode.And(left, ParseUnary());
        }

        return left;
    }

    private TagNode ParseUnary()
    {
        if (index >= tokens.Count)
        {
            var after = index > 0 ? $" after '{tokens[index - 1].Text}'" : string.Empty;
            throw Error($"a tag or '(' is missing at the end{after}");
        }

        var token = tokens[index++];
        if (token.IsWord && token.Text == "not")
        {
            return new TagNode.Not(ParseUnary());
        }

        if (token.IsWord && token.Text == "(")
        {
            var inner = ParseOr();
            if (!Accept(")"))
            {
                throw Error($"the '(' at position {token.Position + 1} is not closed");
            }

            return inner;
        }

        if (token.IsWord && token.Text is "and" or "or" or ")")
        {
            throw Error($"'{token.Text}' at position {token.Position + 1} needs a tag before it");
        }

        if (!token.Text.StartsWith('@'))
        {
            throw Error($"'{token.Text}' at position {token.Position + 1} is not a tag; tags start with '@'");
        }

        return new TagNode.Tag(token.Text);
    }

    private bool Accept(string keyword)
    {
        if (index < tokens.Count && tokens[index].IsWord && tokens[index].Text == keyword)
        {
            index++;
            return true;
        }

        return false;
    }

    /// <summary>Splits on whitespace and parentheses; IsWord is false for a token containing an escape (never an operator).</summary>
    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var current = new StringBuilder();
        var start = 0;
        var escaped = false;

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(new Token(current.ToString(), start, !escaped));
                current.Clear();
                escaped = false;
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    throw Error("the expression ends with a lone '\\'");
                }

                if (current.Length == 0)
                {
                    start = i;
                }

                current.Append(text[++i]);
                escaped = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (c is '(' or ')')
            {
                Flush();
                tokens.Add(new Token(c.ToString(), i, true));
            }
            else
            {
                if (current.Length == 0)
                {
                    start = i;
                }

                current.Append(c);
            }
        }

        Flush();
        return tokens;
    }

    private static FormatException Error(string reason) => new(reason);

    private readonly record struct Token(string Text, int Position, bool IsWord);
}
