using System.Text.RegularExpressions;

namespace ConformanceKit.Gherkin.Expressions;

/// <summary>The parameter types every Cucumber expression knows: {int}, {float}, {word}, {string} and {}.</summary>
internal static class BuiltInParameterTypes
{
    public static readonly ParameterType Int = new("int", @"-?\d+", null, ValueConverter.Convert, true, "built-in");

    public static readonly ParameterType Float = new("float", @"[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?", null, ValueConverter.Convert, true, "built-in");

    public static readonly ParameterType Word = new("word", @"[^\s]+", null, ValueConverter.Convert, false, "built-in");

    public static readonly ParameterType String = new(
        "string", @"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'", null, (text, type) => ValueConverter.Convert(Unquote(text), type), true, "built-in");

    public static readonly ParameterType Anonymous = new(string.Empty, ".*", null, ValueConverter.Convert, false, "built-in");

    public static IReadOnlyList<ParameterType> All { get; } = [Int, Float, Word, String, Anonymous];

    /// <summary>Removes the surrounding quotes and unescapes the quote character inside.</summary>
    public static string Unquote(string quoted)
    {
        var quote = quoted[0];
        return quoted[1..^1].Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal);
    }

    internal static bool IsMatch(ParameterType type, string text) =>
        Regex.IsMatch(text, $@"\A(?:{type.Regex})\z", RegexOptions.CultureInvariant);
}
