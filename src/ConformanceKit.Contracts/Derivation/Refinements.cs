using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Core;

namespace ConformanceKit.Contracts.Derivation;

/// <summary>How a rule treats the presence of a field.</summary>
public enum Presence { Unchanged, Required, Optional, Absent }

/// <summary>
/// One reviewed fact about a field that a sample cannot show: its microversion window, whether it is
/// optional or nullable, its enum, that it is a map... Every rule cites where the fact comes from.
/// </summary>
public sealed record RefinementRule
{
    public required string Path { get; init; }
    public Microversion? Since { get; init; }
    public Microversion? Until { get; init; }
    public Presence Presence { get; init; }
    public string? Kind { get; init; }
    public JsonObject? Schema { get; init; }
    public JsonNode? Example { get; init; }
    public bool HasExample { get; init; }
    public bool? Nullable { get; init; }
    public JsonArray? Enum { get; init; }
    public bool OrEmpty { get; init; }
    /// <summary>Null: not a map. Otherwise the map's value schema source ("infer" merges the sample's values).</summary>
    public JsonNode? Map { get; init; }
    public bool IsMap { get; init; }
    public bool Open { get; init; }
    public bool Closed { get; init; }
    public string? Pattern { get; init; }
    public int? MaxLength { get; init; }
    public int? MinLength { get; init; }
    public required string Source { get; init; }
    /// <summary>
    /// Set when the rule makes the kit stricter or looser than Nova's own schema: why (citing the api-ref).
    /// The cross-check excuses a disagreement only at this rule's path and microversions; schemas/README.md lists it.
    /// </summary>
    public string? DiffersFromNova { get; init; }
    /// <summary>Rules from an included rule set apply only inside this window (null: everywhere).</summary>
    public MicroversionRange Scope { get; init; } = MicroversionRange.Any;
    public required string Origin { get; init; }

    /// <summary>True when the rule states a microversion window for the field (outside it the field is absent).</summary>
    public bool HasWindow => Since is not null || Until is not null;
    public MicroversionRange Window => new(Since, Until);
    public bool IsPresenceRule => Presence != Presence.Unchanged;
}

/// <summary>A sample attached to an operation.</summary>
public sealed record SampleRef(string File, bool IsBase, IReadOnlyDictionary<string, string> Bind, Microversion? Version);

/// <summary>A body written in the refinements from the api-ref, for operations Nova ships no sample for.</summary>
public sealed record RefinementExample(Microversion Version, JsonNode? Body, bool IsBase, string Source);

/// <summary>Everything the deriver needs to know about one operation.</summary>
public sealed record RefinementDocument
{
    public required string Operation { get; init; }
    public required string Title { get; init; }
    public required string ApiRef { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public MicroversionRange? Microversions { get; init; }
    public IReadOnlyList<SampleRef> Samples { get; init; } = [];
    public IReadOnlyList<RefinementExample> Examples { get; init; } = [];
    public IReadOnlyList<RefinementRule> Rules { get; init; } = [];
    /// <summary>Why the response may come without a body (null: a body is required).</summary>
    public string? BodyOptional { get; init; }
    public required string Origin { get; init; }
}

/// <summary>
/// The reviewed refinement files (Refinements/*.json in the Contracts project, embedded in the
/// assembly): the placeholder vocabulary, settings, rule sets and one document per operation.
/// </summary>
public sealed class Refinements
{
    public required PlaceholderVocabulary Placeholders { get; init; }
    /// <summary>The newest microversion the kit knows (today's Nova: 2.104).</summary>
    public required Microversion KnownMax { get; init; }
    public required IReadOnlyList<RefinementDocument> Documents { get; init; }
    /// <summary>Every file read, with its content, so that staleness can be judged.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    private const string ResourcePrefix = "ConformanceKit.Contracts.Refinements.";

    /// <summary>The refinements built into the kit.</summary>
    public static Refinements LoadEmbedded()
    {
        var asm = typeof(Refinements).Assembly;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var s = asm.GetManifestResourceStream(name)!;
            using var r = new StreamReader(s);
            files[name[ResourcePrefix.Length..]] = r.ReadToEnd();
        }
        if (files.Count == 0) throw new InvalidOperationException("No refinements are embedded in ConformanceKit.Contracts.");
        return Parse(WithCatalogue(files));
    }

    /// <summary>Refinements from a folder of *.json files (e.g. src/ConformanceKit.Contracts/Refinements).</summary>
    public static Refinements LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new ContractsUsageException($"the refinements folder '{directory}' does not exist.");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
            files[Path.GetRelativePath(directory, path).Replace('\\', '/')] = File.ReadAllText(path);
        return Parse(WithCatalogue(files));
    }

    /// <summary>
    /// The actions' own refinements live with each action, in the catalogue (catalogue/actions/NAME.json, "documents"):
    /// they join the refinement files as "catalogue/actions/NAME.json".
    /// </summary>
    private static SortedDictionary<string, string> WithCatalogue(SortedDictionary<string, string> files)
    {
        foreach (var (path, text) in CatalogueFiles.All.Where(f => f.Key.StartsWith("actions/", StringComparison.Ordinal)))
            files.TryAdd("catalogue/" + path, text);
        return files;
    }

    public static Refinements Parse(IReadOnlyDictionary<string, string> files)
    {
        var problems = new List<string>();
        PlaceholderVocabulary? vocabulary = null;
        Microversion? knownMax = null;
        var ruleSets = new Dictionary<string, (JsonArray Rules, string Origin)>(StringComparer.Ordinal);
        var docNodes = new List<(JsonObject Doc, string Origin)>();
        foreach (var (name, text) in files)
        {
            JsonObject root;
            try { root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject(); }
            catch (Exception e) when (e is JsonException or InvalidOperationException) { problems.Add($"{name}: not a JSON object ({e.Message})"); continue; }
            if (root.ContainsKey("placeholders")) vocabulary = PlaceholderVocabulary.Parse(text, name);
            if (root["knownMaxMicroversion"] is { } km) knownMax = Microversion.Parse(km.GetValue<string>());
            foreach (var (setName, set) in root["ruleSets"]?.AsObject() ?? [])
                ruleSets[setName] = (set!.AsArray(), $"{name} ruleSets.{setName}");
            foreach (var d in root["documents"]?.AsArray() ?? []) docNodes.Add((d!.AsObject(), name));
        }
        if (vocabulary is null) problems.Add("no placeholder vocabulary (a file with \"placeholders\")");
        if (knownMax is null) problems.Add("no \"knownMaxMicroversion\" setting");

        var documents = new List<RefinementDocument>();
        foreach (var (doc, origin) in docNodes)
        {
            try { documents.Add(ParseDocument(doc, origin, ruleSets)); }
            catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException or JsonException)
            {
                problems.Add($"{origin} {doc["operation"]}: {e.Message}");
            }
        }
        foreach (var dup in documents.SelectMany(d => d.Aliases.Prepend(d.Operation)).GroupBy(o => o).Where(g => g.Count() > 1))
            problems.Add($"operation '{dup.Key}' is defined {dup.Count()} times");
        if (problems.Count > 0) throw new RefinementException(problems);
        return new Refinements { Placeholders = vocabulary!, KnownMax = knownMax!.Value, Documents = documents, Files = files };
    }

    private static RefinementDocument ParseDocument(JsonObject d, string origin, Dictionary<string, (JsonArray Rules, string Origin)> ruleSets)
    {
        string Req(string key) => d[key]?.GetValue<string>() ?? throw new FormatException($"'{key}' is missing");
        var operation = Req("operation");
        var rules = new List<RefinementRule>();
        foreach (var inc in d["include"]?.AsArray() ?? [])
        {
            var io = inc!.AsObject();
            var set = io["ruleSet"]?.GetValue<string>() ?? throw new FormatException("an include has no 'ruleSet'");
            if (!ruleSets.TryGetValue(set, out var rs)) throw new FormatException($"rule set '{set}' is not defined");
            var at = io["at"]?.GetValue<string>() ?? "";
            var scope = io["scope"] is { } sc ? MicroversionRange.Parse(sc.GetValue<string>()) : MicroversionRange.Any;
            foreach (var r in rs.Rules) rules.Add(ParseRule(r!.AsObject(), rs.Origin, at) with { Scope = scope });
        }
        foreach (var r in d["rules"]?.AsArray() ?? []) rules.Add(ParseRule(r!.AsObject(), $"{origin} {operation}", ""));

        var docBind = ReadBind(d["bind"]);
        var samples = new List<SampleRef>();
        foreach (var s in d["samples"]?.AsArray() ?? [])
        {
            if (s is JsonValue) { samples.Add(new SampleRef(s.GetValue<string>(), true, docBind, null)); continue; }
            var so = s!.AsObject();
            var bind = new Dictionary<string, string>(docBind);
            foreach (var (k, v) in ReadBind(so["bind"])) bind[k] = v;
            samples.Add(new SampleRef(
                so["file"]?.GetValue<string>() ?? throw new FormatException("a sample has no 'file'"),
                (so["role"]?.GetValue<string>() ?? "base") switch { "base" => true, "check" => false, var x => throw new FormatException($"sample role '{x}' is neither base nor check") },
                bind,
                so["version"] is { } ver ? Microversion.Parse(ver.GetValue<string>()) : null));
        }
        var examples = new List<RefinementExample>();
        foreach (var e in d["examples"]?.AsArray() ?? [])
        {
            var eo = e!.AsObject();
            examples.Add(new RefinementExample(
                Microversion.Parse(eo["version"]?.GetValue<string>() ?? "2.1"),
                eo["body"]?.DeepClone(),
                (eo["role"]?.GetValue<string>() ?? "base") == "base",
                eo["source"]?.GetValue<string>() ?? throw new FormatException("an example has no 'source'")));
        }
        return new RefinementDocument
        {
            Operation = operation,
            Title = Req("title"),
            ApiRef = Req("apiRef"),
            Aliases = d["aliases"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [],
            Microversions = d["microversions"] is { } mv ? MicroversionRange.Parse(mv.GetValue<string>()) : null,
            Samples = samples,
            Examples = examples,
            Rules = rules,
            BodyOptional = d["bodyOptional"]?.GetValue<string>(),
            Origin = origin,
        };
    }

    private static Dictionary<string, string> ReadBind(JsonNode? node) =>
        node?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal) ?? new(StringComparer.Ordinal);

    private static readonly HashSet<string> RuleKeys =
    [
        "path", "since", "until", "presence", "kind", "schema", "example", "nullable", "enum", "orEmpty", "map",
        "open", "closed", "pattern", "maxLength", "minLength", "source", "note", "differsFromNova",
    ];

    private static RefinementRule ParseRule(JsonObject r, string origin, string prefix)
    {
        var unknown = r.Select(kv => kv.Key).Where(k => !RuleKeys.Contains(k)).ToList();
        var path = r["path"]?.GetValue<string>() ?? throw new FormatException("a rule has no 'path'");
        if (unknown.Count > 0) throw new FormatException($"rule {path}: unknown keys {string.Join(", ", unknown)}");
        var source = r["source"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(source)) throw new FormatException($"rule {path}: every rule must cite its 'source' (api-ref file and parameter)");
        if (r["kind"] is { } k) ValueKind.Get(k.GetValue<string>());
        Pointer.Split(prefix + path);
        return new RefinementRule
        {
            Path = prefix + path,
            Since = r["since"] is { } s ? Microversion.Parse(s.GetValue<string>()) : null,
            Until = r["until"] is { } u ? Microversion.Parse(u.GetValue<string>()) : null,
            Presence = (r["presence"]?.GetValue<string>()) switch
            {
                null => Presence.Unchanged,
                "required" => Presence.Required,
                "optional" => Presence.Optional,
                "absent" => Presence.Absent,
                var p => throw new FormatException($"rule {path}: presence '{p}' is not required, optional or absent"),
            },
            Kind = r["kind"]?.GetValue<string>(),
            Schema = r["schema"]?.AsObject().DeepClone().AsObject(),
            Example = r["example"]?.DeepClone(),
            HasExample = r.ContainsKey("example"),
            Nullable = r["nullable"]?.GetValue<bool>(),
            Enum = r["enum"]?.AsArray().DeepClone().AsArray(),
            OrEmpty = r["orEmpty"]?.GetValue<bool>() ?? false,
            Map = r["map"] is JsonValue mv && mv.GetValueKind() == JsonValueKind.True ? JsonValue.Create("infer") : r["map"]?.DeepClone(),
            IsMap = r["map"] is { } m && !(m is JsonValue fv && fv.GetValueKind() == JsonValueKind.False),
            Open = r["open"]?.GetValue<bool>() ?? false,
            Closed = r["closed"]?.GetValue<bool>() ?? false,
            Pattern = r["pattern"]?.GetValue<string>(),
            MaxLength = r["maxLength"]?.GetValue<int>(),
            MinLength = r["minLength"]?.GetValue<int>(),
            Source = source,
            DiffersFromNova = r["differsFromNova"]?.GetValue<string>(),
            Origin = origin,
        };
    }
}

/// <summary>The refinements are inconsistent; every problem is listed.</summary>
public sealed class RefinementException(IReadOnlyList<string> problems)
    : Exception("The refinements are invalid:\n  - " + string.Join("\n  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
