using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConformanceKit.Contracts.Samples;

/// <summary>
/// Nova api-sample templates: JSON whose variable parts are Python %-placeholders such as
/// "%(uuid)s" or "%(compute_endpoint)s/servers/%(id)s". A few templates carry a placeholder
/// outside quotes (a number or boolean is substituted there); like Nova's own sample tests, the
/// kit quotes those as "%(int:name)s" so every sample is valid JSON.
/// </summary>
public static partial class SampleTemplate
{
    [GeneratedRegex(@"%\((?<name>[^)]+)\)s", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderRe();

    // A placeholder right after "key": that is not inside quotes (the shape Nova's own sample tests handle).
    [GeneratedRegex(@"(?<lead>:[ \t]+)%\((?<name>[^)]+)\)s(?<tail>[ \t]*[,}\r\n])", RegexOptions.CultureInvariant)]
    private static partial Regex BarePlaceholderRe();

    /// <summary>The prefix Nova uses for placeholders that stand for a non-string JSON value.</summary>
    public const string RawPrefix = "int:";

    /// <summary>Quotes placeholders that stand outside strings, as "%(int:name)s". Idempotent.</summary>
    public static string Normalize(string text) =>
        BarePlaceholderRe().Replace(text, m => $"{m.Groups["lead"].Value}\"%({RawPrefix}{m.Groups["name"].Value})s\"{m.Groups["tail"].Value}");

    /// <summary>Parses a sample (template or concrete) into JSON; throws a FormatException naming the file.</summary>
    public static JsonNode? Parse(string text, string origin)
    {
        try
        {
            return JsonNode.Parse(Normalize(text), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{origin} is not JSON even with its placeholders quoted: {e.Message}");
        }
    }

    /// <summary>True when the text parses as JSON once placeholders are quoted.</summary>
    public static bool IsParseable(string text)
    {
        try { JsonNode.Parse(Normalize(text)); return true; }
        catch (JsonException) { return false; }
    }

    /// <summary>The names of all placeholders in a string (without the int: prefix).</summary>
    public static IEnumerable<string> PlaceholderNames(string s) =>
        PlaceholderRe().Matches(s).Select(m => StripRaw(m.Groups["name"].Value));

    private static string StripRaw(string name) => name.StartsWith(RawPrefix, StringComparison.Ordinal) ? name[RawPrefix.Length..] : name;

    /// <summary>How a JSON string of a sample is made.</summary>
    public abstract record StringShape
    {
        /// <summary>A plain value: the sample shows an example literally.</summary>
        public sealed record Literal(string Text) : StringShape;
        /// <summary>The whole string is one placeholder; Raw when the template had it outside quotes.</summary>
        public sealed record Whole(string Name, bool Raw) : StringShape;
        /// <summary>Placeholders mixed with literal text, such as an URL.</summary>
        public sealed record Mixed(IReadOnlyList<(bool IsPlaceholder, string Text)> Parts) : StringShape;
    }

    public static StringShape Analyze(string s)
    {
        var matches = PlaceholderRe().Matches(s);
        if (matches.Count == 0) return new StringShape.Literal(s.Replace("%%", "%", StringComparison.Ordinal));
        if (matches.Count == 1 && matches[0].Index == 0 && matches[0].Length == s.Length)
        {
            var name = matches[0].Groups["name"].Value;
            return new StringShape.Whole(StripRaw(name), name.StartsWith(RawPrefix, StringComparison.Ordinal));
        }
        var parts = new List<(bool, string)>();
        var at = 0;
        foreach (Match m in matches)
        {
            if (m.Index > at) parts.Add((false, s[at..m.Index].Replace("%%", "%", StringComparison.Ordinal)));
            parts.Add((true, StripRaw(m.Groups["name"].Value)));
            at = m.Index + m.Length;
        }
        if (at < s.Length) parts.Add((false, s[at..].Replace("%%", "%", StringComparison.Ordinal)));
        return new StringShape.Mixed(parts);
    }

    /// <summary>Replaces the named placeholders (in keys and string values) by fixed text, e.g. %(action)s → os-start.</summary>
    public static JsonNode? Bind(JsonNode? node, IReadOnlyDictionary<string, string> bindings)
    {
        if (bindings.Count == 0) return node?.DeepClone();
        string Sub(string s) => PlaceholderRe().Replace(s, m => bindings.TryGetValue(StripRaw(m.Groups["name"].Value), out var v) ? v : m.Value);
        return node switch
        {
            null => null,
            JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(Sub(kv.Key), Bind(kv.Value, bindings)))),
            JsonArray a => new JsonArray(a.Select(i => Bind(i, bindings)).ToArray()),
            JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Sub(s)),
            _ => node.DeepClone(),
        };
    }

    /// <summary>
    /// Turns a template into a concrete body: each placeholder becomes the example value of its kind
    /// (a placeholder that is a whole string takes the kind's JSON type, e.g. %(int:x)s becomes a number).
    /// </summary>
    public static JsonNode? Instantiate(JsonNode? node, PlaceholderVocabulary vocabulary, string origin)
    {
        Placeholder Lookup(string name) => vocabulary.Find(name)
            ?? throw new FormatException($"{origin}: placeholder %({name})s is not in the placeholder vocabulary");
        switch (node)
        {
            case null: return null;
            case JsonObject o:
                {
                    var result = new JsonObject();
                    foreach (var (k, v) in o)
                    {
                        var key = Analyze(k) switch
                        {
                            StringShape.Literal l => l.Text,
                            _ => throw new FormatException($"{origin}: the key '{k}' is a placeholder; bind it to a value for this operation"),
                        };
                        result[key] = Instantiate(v, vocabulary, origin);
                    }
                    return result;
                }
            case JsonArray a: return new JsonArray(a.Select(i => Instantiate(i, vocabulary, origin)).ToArray());
            case JsonValue v when v.TryGetValue<string>(out var s):
                switch (Analyze(s))
                {
                    case StringShape.Literal l: return JsonValue.Create(l.Text);
                    case StringShape.Whole w: return Lookup(w.Name).ExampleValue;
                    case StringShape.Mixed m:
                        var sb = new StringBuilder();
                        foreach (var (isPh, text) in m.Parts) sb.Append(isPh ? Lookup(text).ExampleText : text);
                        return JsonValue.Create(sb.ToString());
                    default: throw new InvalidOperationException();
                }
            default: return node.DeepClone();
        }
    }
}
