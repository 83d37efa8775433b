using System.Reflection;
using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Derivation;
using ConformanceKit.Core;
using System.Text.Json;
using Json.Schema;

namespace ConformanceKit.Contracts.Validation;

/// <summary>One schema of the range table: an operation over a microversion range.</summary>
public sealed class SchemaEntry
{
    private readonly Lazy<JsonSchema> _schema;
    private readonly Lazy<JsonNode?> _node;

    internal SchemaEntry(string operation, MicroversionRange range, string file, string? aliasOf, bool bodyOptional,
        IReadOnlyList<string> samples, string json)
    {
        Operation = operation;
        Range = range;
        File = file;
        AliasOf = aliasOf;
        BodyOptional = bodyOptional;
        Samples = samples;
        Json = json;
        _schema = new Lazy<JsonSchema>(() => Compile(json, file));
        _node = new Lazy<JsonNode?>(() => JsonNode.Parse(json));
    }

    public string Operation { get; }
    public MicroversionRange Range { get; }
    /// <summary>The schema file, relative to the schemas folder (e.g. server.get/2.73-2.89.json).</summary>
    public string File { get; }
    /// <summary>The operation whose files this entry shares (action.rebuild.response → server.rebuild).</summary>
    public string? AliasOf { get; }
    /// <summary>The response may legitimately have no body (e.g. evacuate before 2.14 with instance passwords off).</summary>
    public bool BodyOptional { get; }
    /// <summary>The samples (and refinement examples) attached to the operation within this range.</summary>
    public IReadOnlyList<string> Samples { get; }
    /// <summary>The schema's JSON text.</summary>
    public string Json { get; }
    /// <summary>The JsonSchema.Net schema (built on first use).</summary>
    public JsonSchema Schema => _schema.Value;
    /// <summary>The schema as a JSON tree, to describe what a failed keyword expects.</summary>
    public JsonNode? SchemaNode => _node.Value;

    /// <summary>
    /// Builds a schema with its own JsonSchema.Net registry, so that two files with the same $id (or
    /// none) never collide, whatever their draft says ($schema; JSON Schema 2020-12 when absent).
    /// </summary>
    public static JsonSchema Compile(string json, string origin)
    {
        try
        {
            return JsonSchema.FromText(json, new BuildOptions { SchemaRegistry = new Json.Schema.SchemaRegistry(), Dialect = Dialect.Draft202012 });
        }
        catch (Exception e) when (e is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException)
        {
            throw new SchemaRegistryException($"{origin}: not a JSON Schema JsonSchema.Net can build ({e.Message})");
        }
    }

    public override string ToString() => $"{Operation} {Range} ({File})";
}

/// <summary>The registry was asked for something it cannot give, or its files are broken.</summary>
public sealed class SchemaRegistryException(string message) : Exception(message);

/// <summary>
/// The contract schemas, selected by (operation, negotiated microversion) from the range table
/// schemas/index.json written by derive-schemas.
/// </summary>
public sealed class SchemaRegistry
{
    private readonly Dictionary<string, List<SchemaEntry>> _byOperation;

    public IReadOnlyList<SchemaEntry> Entries { get; }
    /// <summary>The newest microversion the schemas know (2.104).</summary>
    public Microversion KnownMax { get; }
    public IReadOnlyCollection<string> Operations => _byOperation.Keys;

    private SchemaRegistry(List<SchemaEntry> entries, Microversion knownMax)
    {
        Entries = entries;
        KnownMax = knownMax;
        _byOperation = entries.GroupBy(e => e.Operation, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Range.Min ?? Microversion.Minimum).ToList(), StringComparer.Ordinal);
    }

    /// <summary>Loads schemas/index.json and the files it names.</summary>
    public static SchemaRegistry Load(string schemasDirectory)
    {
        var index = Path.Combine(schemasDirectory, SchemaDeriver.IndexFile);
        if (!File.Exists(index))
            throw new SchemaRegistryException($"'{index}' does not exist: pass the kit's schemas/ folder, or run derive-schemas.");
        return FromIndex(File.ReadAllText(index), rel =>
        {
            var path = Path.Combine(schemasDirectory, rel);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }, schemasDirectory);
    }

    private static readonly Lazy<SchemaRegistry> Embedded = new(() =>
    {
        var asm = typeof(SchemaRegistry).Assembly;
        string? Read(string rel)
        {
            using var s = asm.GetManifestResourceStream("ConformanceKit.Contracts.Schemas/" + rel);
            if (s is null) return null;
            using var r = new StreamReader(s);
            return r.ReadToEnd();
        }
        var index = Read(SchemaDeriver.IndexFile) ?? throw new SchemaRegistryException("No schemas are built into ConformanceKit.Contracts; build it after derive-schemas.");
        return FromIndex(index, Read, "the built-in schemas");
    });

    /// <summary>The schemas built into the kit (a copy of schemas/ at build time).</summary>
    public static SchemaRegistry Default => Embedded.Value;

    private static SchemaRegistry FromIndex(string indexJson, Func<string, string?> read, string origin)
    {
        var root = JsonNode.Parse(indexJson)?.AsObject() ?? throw new SchemaRegistryException($"{origin}: index.json is not a JSON object");
        var knownMax = Microversion.Parse(root["knownMaxMicroversion"]?.GetValue<string>() ?? throw new SchemaRegistryException($"{origin}: index.json has no knownMaxMicroversion"));
        var entries = new List<SchemaEntry>();
        var problems = new List<string>();
        foreach (var node in root["schemas"]?.AsArray() ?? [])
        {
            var e = node!.AsObject();
            var op = e["operation"]!.GetValue<string>();
            var file = e["file"]!.GetValue<string>();
            var min = e["min"]?.GetValue<string>();
            var max = e["max"]?.GetValue<string>();
            var json = read(file);
            if (json is null) { problems.Add($"{op}: {file} is missing"); continue; }
            entries.Add(new SchemaEntry(op,
                new MicroversionRange(min is null ? null : Microversion.Parse(min), max is null ? null : Microversion.Parse(max)),
                file, e["aliasOf"]?.GetValue<string>(), e["bodyOptional"]?.GetValue<bool>() ?? false,
                e["samples"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [], json));
        }
        foreach (var g in entries.GroupBy(e => e.Operation))
        {
            var list = g.OrderBy(e => e.Range.Min ?? Microversion.Minimum).ToList();
            for (var i = 1; i < list.Count; i++)
                if (list[i - 1].Range.Intersect(list[i].Range) is not null)
                    problems.Add($"{g.Key}: ranges {list[i - 1].Range} and {list[i].Range} overlap");
        }
        if (problems.Count > 0) throw new SchemaRegistryException($"{origin} is inconsistent: {string.Join("; ", problems)}. Run derive-schemas.");
        return new SchemaRegistry(entries, knownMax);
    }

    public bool Knows(string operation) => _byOperation.ContainsKey(operation);

    /// <summary>All ranges of an operation, oldest first.</summary>
    public IReadOnlyList<SchemaEntry> RangesOf(string operation) => _byOperation.TryGetValue(operation, out var list)
        ? list
        : throw new SchemaRegistryException($"No schema is registered for operation '{operation}'. Known operations: {string.Join(", ", _byOperation.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>
    /// The schema whose range contains the microversion, or null when the operation has none there
    /// (e.g. action.createImage.response before 2.45, where the action answers without a body).
    /// Throws when the operation is unknown.
    /// </summary>
    public SchemaEntry? Select(string operation, Microversion microversion) =>
        RangesOf(operation).FirstOrDefault(e => e.Range.Contains(microversion));
}
