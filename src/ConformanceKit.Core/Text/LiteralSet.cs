using System.Buffers;
using System.Text;

namespace ConformanceKit.Core.Text;

/// <summary>
/// A fixed set of literal strings searched for all at once (ordinal). Where several start at the same
/// place, the longest wins. The kit masks secrets with it: a run learns one adminPass per server it
/// creates, so a text is searched for hundreds of values, and most texts hold none of them.
/// </summary>
public sealed class LiteralSet
{
    private readonly string[] _longestFirst;
    private readonly SearchValues<string>? _search;

    public LiteralSet(IEnumerable<string> literals)
    {
        _longestFirst = literals.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).ToArray();
        if (_longestFirst.Length > 0) _search = SearchValues.Create(_longestFirst, StringComparison.Ordinal);
    }

    public static LiteralSet Empty { get; } = new([]);

    public int Count => _longestFirst.Length;

    /// <summary>The literals, longest first.</summary>
    public IReadOnlyList<string> Literals => _longestFirst;

    /// <summary>Where the first literal starts in <paramref name="text"/>, or -1.</summary>
    public int IndexOfAny(ReadOnlySpan<char> text) => _search is null ? -1 : text.IndexOfAny(_search);

    /// <summary>The longest literal that <paramref name="text"/> starts with, or null.</summary>
    public string? LongestPrefixOf(ReadOnlySpan<char> text)
    {
        foreach (var literal in _longestFirst)
            if (text.StartsWith(literal, StringComparison.Ordinal)) return literal;
        return null;
    }

    /// <summary>
    /// The text with every occurrence replaced by <paramref name="replacement"/>, scanning left to right
    /// (the same string instance when nothing occurs); <paramref name="count"/> says how many were replaced.
    /// </summary>
    public string ReplaceAll(string text, string replacement, out int count)
    {
        count = 0;
        if (_search is null || string.IsNullOrEmpty(text)) return text;
        var span = text.AsSpan();
        var at = span.IndexOfAny(_search);
        if (at < 0) return text;
        var result = new StringBuilder(text.Length);
        var done = 0;
        while (at >= 0)
        {
            var start = done + at;
            var literal = LongestPrefixOf(span[start..])
                ?? throw new InvalidOperationException("the multi-string search matched no literal of the set");
            result.Append(span[done..start]).Append(replacement);
            count++;
            done = start + literal.Length;
            at = span[done..].IndexOfAny(_search);
        }
        return result.Append(span[done..]).ToString();
    }
}
