using System.Text.Json.Nodes;

namespace ConformanceKit.Contracts.Samples;

/// <summary>One placeholder name of Nova's api-sample templates (%(name)s) and what it stands for.</summary>
public sealed record Placeholder(string Name, ValueKind Kind, JsonNode? Example, string Source, bool IsEndpoint = false)
{
    /// <summary>The concrete value used when a sample is instantiated.</summary>
    public JsonNode? ExampleValue => (Example ?? Kind.Example)?.DeepClone();

    /// <summary>The example as text, for placeholders embedded in a longer string.</summary>
    public string ExampleText => ExampleValue switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var n => n.ToJsonString(),
    };
}

/// <summary>
/// The placeholder names the kit understands, loaded from Refinements/placeholders.json.
/// An unknown name is an error at derivation: the vocabulary is reviewed, never guessed.
/// </summary>
public sealed class PlaceholderVocabulary
{
    private readonly Dictionary<string, Placeholder> _byName;

    public IReadOnlyCollection<Placeholder> All => _byName.Values;

    public PlaceholderVocabulary(IEnumerable<Placeholder> placeholders)
    {
        _byName = placeholders.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public Placeholder? Find(string name) => _byName.GetValueOrDefault(name);

    public static PlaceholderVocabulary Parse(string json, string origin)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException($"{origin}: not a JSON object");
        var list = new List<Placeholder>();
        var problems = new List<string>();
        foreach (var (name, node) in root["placeholders"]?.AsObject() ?? throw new FormatException($"{origin}: 'placeholders' is missing"))
        {
            var o = node?.AsObject();
            var kindName = o?["kind"]?.GetValue<string>();
            var kind = kindName is null ? null : ValueKind.Find(kindName);
            if (kind is null) { problems.Add($"placeholder '{name}': kind '{kindName}' is unknown"); continue; }
            var source = o!["source"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(source)) { problems.Add($"placeholder '{name}': 'source' is missing"); continue; }
            list.Add(new Placeholder(name, kind, o["example"]?.DeepClone(), source, o["endpoint"]?.GetValue<bool>() ?? false));
        }
        if (problems.Count > 0) throw new FormatException($"{origin}: " + string.Join("; ", problems));
        return new PlaceholderVocabulary(list);
    }
}
