using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;
using Json.Schema;

namespace ConformanceKit.Contracts.NovaSchemas;

/// <summary>One decorator of a Nova controller method: a schema bound over a microversion range.</summary>
public sealed record NovaBinding(string Controller, string Class, string Method, string? Action, string Kind,
    Microversion? Min, Microversion? Max, string Schema, string File)
{
    public MicroversionRange Range => new(Min, Max);
}

/// <summary>
/// An import written by import-nova-schemas (contracts/nova-schemas/&lt;name&gt;/): Nova's own schemas
/// selected by the kit's operation keys and a microversion, and judged with JsonSchema.Net with Nova's formats.
/// </summary>
public sealed class NovaSchemaSet
{
    /// <summary>The import of Nova master (reference copy, up to 2.104).</summary>
    public const string Master = "nova-master";
    /// <summary>The import of Debian 13's python3-nova 31.0.0 (Epoxy, up to 2.100).</summary>
    public const string Epoxy = "nova-31.0.0";

    private readonly Dictionary<string, (JsonSchema Schema, JsonNode? Node)> _compiled = new(StringComparer.Ordinal);

    public required string Folder { get; init; }
    public required JsonObject Provenance { get; init; }
    public required IReadOnlyList<NovaBinding> Bindings { get; init; }
    public required Microversion MaxMicroversion { get; init; }

    public static NovaSchemaSet Load(string folder)
    {
        var provenancePath = Path.Combine(folder, "provenance.json");
        if (!File.Exists(provenancePath)) throw new DirectoryNotFoundException($"'{folder}' holds no import-nova-schemas output (provenance.json)");
        var provenance = JsonNode.Parse(File.ReadAllText(provenancePath))!.AsObject();
        var bindings = new List<NovaBinding>();
        foreach (var b in JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "bindings.json")))!["bindings"]!.AsArray())
        {
            static Microversion? V(JsonNode? n) => n is null ? null : Microversion.Parse(n.GetValue<string>());
            bindings.Add(new NovaBinding(b!["controller"]!.GetValue<string>(), b["class"]!.GetValue<string>(), b["method"]!.GetValue<string>(),
                b["action"]?.GetValue<string>(), b["kind"]!.GetValue<string>(), V(b["min"]), V(b["max"]),
                b["schema"]!.GetValue<string>(), b["file"]!.GetValue<string>()));
        }
        return new NovaSchemaSet
        {
            Folder = folder,
            Provenance = provenance,
            Bindings = bindings,
            MaxMicroversion = Microversion.Parse(provenance["maxMicroversion"]!.GetValue<string>()),
        };
    }

    /// <summary>The bindings Nova has for one of the kit's operations (none: Nova has no schema for it).</summary>
    public IReadOnlyList<NovaBinding> BindingsOf(string operation)
    {
        bool Is(NovaBinding b, string controller, string method, string kind) => b.Controller == controller && b.Method == method && b.Kind == kind && b.Action is null;
        IEnumerable<NovaBinding> found = operation switch
        {
            Operations.ServerGet or Operations.ServerGetDownCell => Bindings.Where(b => Is(b, "servers", "show", "response")),
            Operations.ServerRebuild => Bindings.Where(b => b.Action == "rebuild" && b.Kind == "response"),
            Operations.ServerCreateRequest => Bindings.Where(b => Is(b, "servers", "create", "request")),
            Operations.ServerCreateResponse => Bindings.Where(b => Is(b, "servers", "create", "response")),
            Operations.Versions => Bindings.Where(b => Is(b, "versions", "index", "response") && b.Class == "Versions"),
            Operations.Version => Bindings.Where(b => Is(b, "versionsV21", "show", "response")),
            _ when Operations.TryParseAction(operation, out var action, out var part) =>
                Bindings.Where(b => b.Action == action && b.Kind == (part == Operations.Part.Request ? "request" : "response")),
            _ => [],
        };
        // Nova's 2.0 bindings are the legacy v2 API, which the kit does not certify.
        return found.Where(b => b.Max is not { Major: 2, Minor: 0 }).ToList();
    }

    /// <summary>Nova's schema for an operation at a microversion (null: none there).</summary>
    public NovaBinding? Select(string operation, Microversion microversion) =>
        microversion > MaxMicroversion ? null : BindingsOf(operation).FirstOrDefault(b => b.Range.Contains(microversion));

    /// <summary>Nova's verdict on a body: valid, or the failed keywords at their instance pointers.</summary>
    public (bool Valid, IReadOnlyList<string> Errors) Judge(NovaBinding binding, JsonElement body)
    {
        if (!_compiled.TryGetValue(binding.File, out var compiled))
        {
            var text = File.ReadAllText(Path.Combine(Folder, binding.File));
            compiled = (SchemaEntry.Compile(text, binding.File), JsonNode.Parse(text));
            _compiled[binding.File] = compiled;
        }
        var results = compiled.Schema.Evaluate(body, NovaFormats.Options(OutputFormat.List));
        if (results.IsValid) return (true, []);
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} ({e.Value})")).Distinct().ToList();
        return (false, errors);
    }
}
