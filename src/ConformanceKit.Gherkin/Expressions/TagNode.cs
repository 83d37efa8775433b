namespace ConformanceKit.Gherkin.Expressions;

/// <summary>A node of a parsed tag expression.</summary>
internal abstract record TagNode
{
    public abstract bool Evaluate(IReadOnlySet<string> tags);

    public sealed record Tag(string Name) : TagNode
    {
        public override bool Evaluate(IReadOnlySet<string> tags) => tags.Contains(Name);

        public override string ToString() => Name.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("(", "\\(", StringComparison.Ordinal)
            .Replace(")", "\\)", StringComparison.Ordinal)
            .Replace(" ", "\\ ", StringComparison.Ordinal);
    }

    public sealed record Not(TagNode Operand) : TagNode
    {
        public override bool Evaluate(IReadOnlySet<string> tags) => !Operand.Evaluate(tags);

        public override string ToString() => $"not ( {Operand} )";
    }

    public sealed record And(TagNode Left, TagNode Right) : TagNode
    {
        public override bool Evaluate(IReadOnlySet<string> tags) => Left.Evaluate(tags) && Right.Evaluate(tags);

        public override string ToString() => $"( {Left} and {Right} )";
    }

    public sealed record Or(TagNode Left, TagNode Right) : TagNode
    {
        public override bool Evaluate(IReadOnlySet<string> tags) => Left.Evaluate(tags) || Right.Evaluate(tags);

        public override string ToString() => $"( {Left} or {Right} )";
    }

    public sealed record True : TagNode
    {
        public override bool Evaluate(IReadOnlySet<string> tags) => true;

        public override string ToString() => "true";
    }
}
