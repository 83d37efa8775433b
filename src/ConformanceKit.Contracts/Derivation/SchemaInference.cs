using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Samples;

namespace ConformanceKit.Contracts.Derivation;

/// <summary>
/// Reads the shape of one sample: objects are closed and every key they show is required, arrays take
/// the union of their items, and each placeholder becomes the schema of its kind (%(uuid)s a uuid,
/// %(isotime)s a date-time...). What a sample cannot show (the type behind a null, the items of an
/// empty array) is marked unknown; the refinements must then say it.
/// </summary>
public static class SchemaInference
{
    public static SchemaNode Infer(JsonNode? node, PlaceholderVocabulary vocabulary, string origin, string path = "")
    {
        switch (node)
        {
            case null:
                {
                    var n = SchemaNode.OfType("null");
                    n.Unknown = $"null at {Where(path)} in {origin}";
                    return n;
                }
            case JsonObject o:
                {
                    var n = SchemaNode.OfType("object");
                    n.Properties = new SortedDictionary<string, SchemaNode>(StringComparer.Ordinal);
                    n.AdditionalProperties = false;
                    foreach (var (key, value) in o)
                    {
                        if (SampleTemplate.Analyze(key) is not SampleTemplate.StringShape.Literal lit)
                            throw new FormatException($"{origin}: the key '{key}' at {Where(path)} is a placeholder; bind it for this operation (\"bind\" in the refinements)");
                        n.Properties[lit.Text] = Infer(value, vocabulary, origin, path + "/" + Pointer.Escape(lit.Text));
                        n.Required.Add(lit.Text);
                    }
                    if (o.Count == 0) n.Unknown = $"empty object at {Where(path)} in {origin}";
                    return n;
                }
            case JsonArray a:
                {
                    var n = SchemaNode.OfType("array");
                    SchemaNode? items = null;
                    for (var i = 0; i < a.Count; i++)
                    {
                        var item = Infer(a[i], vocabulary, origin, path + "/*");
                        items = items is null ? item : SchemaNode.Merge(items, item);
                    }
                    if (items is null)
                    {
                        items = new SchemaNode { Unknown = $"the items of an empty array at {Where(path)} in {origin}" };
                    }
                    n.Items = items;
                    return n;
                }
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: return FromString(v.GetValue<string>(), vocabulary, origin, path);
                    case JsonValueKind.Number:
                        return SchemaNode.OfType(v.TryGetValue<long>(out _) || IsIntegral(v) ? "integer" : "number");
                    case JsonValueKind.True or JsonValueKind.False: return SchemaNode.OfType("boolean");
                    default: throw new FormatException($"{origin}: unexpected JSON value at {Where(path)}");
                }
            default: throw new InvalidOperationException();
        }
    }

    private static bool IsIntegral(JsonValue v) => decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float,
        System.Globalization.CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d);

    private static string Where(string path) => path.Length == 0 ? "the root" : path;

    public static SchemaNode FromKind(ValueKind kind, string origin)
    {
        var n = SchemaNode.FromJson(kind.Schema(), origin);
        n.Secret = kind.IsSecret;
        return n;
    }

    private static SchemaNode FromString(string s, PlaceholderVocabulary vocabulary, string origin, string path)
    {
        Placeholder Lookup(string name) => vocabulary.Find(name)
            ?? throw new FormatException($"{origin}: placeholder %({name})s at {Where(path)} is not in the placeholder vocabulary (Refinements/placeholders.json); add it with its kind");
        switch (SampleTemplate.Analyze(s))
        {
            case SampleTemplate.StringShape.Literal lit:
                return FromKind(ValueKind.Sniff(lit.Text), origin);
            case SampleTemplate.StringShape.Whole w:
                return FromKind(Lookup(w.Name).Kind, origin);
            case SampleTemplate.StringShape.Mixed m:
                {
                    // Every placeholder must be known, even when the result is simply a string.
                    var used = m.Parts.Where(p => p.IsPlaceholder).Select(p => Lookup(p.Text)).ToList();
                    // "%(compute_endpoint)s/servers/%(id)s": an URL built on an endpoint.
                    return m.Parts[0].IsPlaceholder && used[0].IsEndpoint ? FromKind(ValueKind.Uri, origin) : FromKind(ValueKind.String, origin);
                }
            default: throw new InvalidOperationException();
        }
    }
}
