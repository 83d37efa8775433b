using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConformanceKit.Core.Catalogue;

/// <summary>
/// The catalogue of Nova server actions: one entry per action, loaded from data and validated when it loads.
/// </summary>
public sealed class ActionCatalogue
{
    private readonly Dictionary<string, ActionDefinition> _byName;

    public IReadOnlyList<ActionDefinition> Actions { get; }
    public IReadOnlyList<string> StableStatuses { get; }

    private ActionCatalogue(IReadOnlyList<ActionDefinition> actions, IReadOnlyList<string> stableStatuses)
    {
        Actions = actions;
        StableStatuses = stableStatuses;
        _byName = actions.ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    private static readonly Lazy<ActionCatalogue> Embedded = new(() => Parse(CatalogueFiles.All));

    /// <summary>The catalogue shipped with the kit (catalogue/ in the repository, embedded in ConformanceKit.Core).</summary>
    public static ActionCatalogue Default => Embedded.Value;

    /// <summary>The catalogue of a folder laid out as <c>catalogue/</c>: statuses.json and actions/NAME.json.</summary>
    public static ActionCatalogue LoadDirectory(string directory) => Parse(CatalogueFiles.LoadDirectory(directory));

    public ActionDefinition this[string name] => Find(name)
        ?? throw new KeyNotFoundException($"'{name}' is not a server action the kit knows. Known actions: {string.Join(", ", _byName.Keys)}.");

    public ActionDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The action whose verb phrase (as features say it, "pauses", "backs up") is given.</summary>
    public ActionDefinition? FindByVerb(string verb) => Actions.FirstOrDefault(a => a.Verb == verb);

    /// <summary>
    /// Parses and validates the catalogue's files (path inside catalogue/ to text): every actions/NAME.json describes one
    /// action; the stable statuses come from statuses.json. Every problem found is reported at once.
    /// </summary>
    public static ActionCatalogue Parse(IReadOnlyDictionary<string, string> files)
    {
        var problems = new List<string>();
        var actions = new JsonArray();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!path.StartsWith("actions/", StringComparison.Ordinal)) continue;
            try
            {
                var o = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("not a JSON object");
                var expected = Path.GetFileNameWithoutExtension(path);
                if (o["name"]?.GetValue<string>() is { } n && n != expected) problems.Add($"catalogue/{path}: describes '{n}'; the file must be named after its action ({n}.json)");
                actions.Add(o.DeepClone());
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException) { problems.Add($"catalogue/{path}: {e.Message}"); }
        }
        JsonArray stable = [];
        if (files.TryGetValue("statuses.json", out var statuses))
            stable = JsonNode.Parse(statuses)?["stable"]?.AsArray().DeepClone().AsArray() ?? [];
        else problems.Add("catalogue/statuses.json is missing");
        if (problems.Count > 0) throw new CatalogueException(problems);
        return Parse(new JsonObject { ["stableStatuses"] = stable, ["actions"] = actions }, requireNova: true);
    }

    /// <summary>Parses and validates a catalogue written as one JSON document {"stableStatuses": [...], "actions": [...]}.</summary>
    public static ActionCatalogue Parse(string json) =>
        Parse(JsonNode.Parse(json)?.AsObject() ?? throw new CatalogueException(["the catalogue is not a JSON object"]), requireNova: false);

    private static ActionCatalogue Parse(JsonObject root, bool requireNova)
    {
        var problems = new List<string>();
        var statuses = root["stableStatuses"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        var known = new HashSet<string>(statuses);
        known.UnionWith(ServerStatus.Transitional.Select(s => s.Value));
        var actions = new List<ActionDefinition>();
        foreach (var node in root["actions"]?.AsArray() ?? [])
        {
            var o = node!.AsObject();
            var name = o["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name)) { problems.Add("an action has no name"); continue; }
            try
            {
                var action = ParseAction(name, o, known, problems);
                if (o["nova"] is JsonObject nova) action = action with { Nova = NovaFacts.Parse(nova) };
                else if (requireNova) problems.Add($"{name}: 'nova' (how real Nova implements the action) is missing");
                actions.Add(action with { RealNova = o["realNova"]?.GetValue<string>() });
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException or KeyNotFoundException)
            {
                problems.Add($"{name}: {e.Message}");
            }
        }
        foreach (var dup in actions.GroupBy(a => a.Name).Where(g => g.Count() > 1))
            problems.Add($"{dup.Key}: defined {dup.Count()} times");
        foreach (var dup in actions.GroupBy(a => a.Verb).Where(g => g.Count() > 1))
            problems.Add($"verb '{dup.Key}' names {string.Join(" and ", dup.Select(a => a.Name))}");
        if (problems.Count > 0) throw new CatalogueException(problems);
        return new ActionCatalogue(actions, statuses);
    }

    private static ActionDefinition ParseAction(string name, JsonObject o, HashSet<string> known, List<string> problems)
    {
        string Req(string key) => o[key]?.GetValue<string>() ?? throw new FormatException($"'{key}' is missing");
        var range = MicroversionRange.Parse(o["microversions"]?.GetValue<string>() ?? "any");
        var policy = Req("policy") switch
        {
            "owner" => ActionPolicy.Owner,
            "admin" => ActionPolicy.Admin,
            var p => throw new FormatException($"policy '{p}' is neither owner nor admin"),
        };
        var response = o["response"] switch
        {
            null => ResponseShape.Empty,
            JsonValue v when v.GetValue<string>() == "empty" => ResponseShape.Empty,
            JsonValue v when v.GetValue<string>() == "json" => ResponseShape.Json,
            JsonObject r when r["json"] is JsonValue window => new ResponseShape(MicroversionRange.Parse(window.GetValue<string>())),
            var r => throw new FormatException($"response '{r?.ToJsonString()}' is not one of \"empty\", \"json\", {{\"json\": \"RANGE\"}} (the microversions with a body)"),
        };
        var normal = o["normalCode"]?.GetValue<int>() ?? throw new FormatException("'normalCode' is missing");
        if (normal is < 200 or > 299) problems.Add($"{name}: normalCode {normal} is not a 2xx code");
        var errors = o["errorCodes"]?.AsArray().Select(n => n!.GetValue<int>()).ToList() ?? [];
        if (errors.Any(c => c is < 400 or > 599)) problems.Add($"{name}: errorCodes must be 4xx or 5xx");
        var request = o["request"]?.DeepClone();
        if (request is not JsonObject ro || !ro.ContainsKey(name)) problems.Add($"{name}: the request body must be an object keyed by the action name");

        ActionVariant Variant(string variantName, JsonObject? v, ActionVariant? parent)
        {
            var allowed = (v?["allowedFrom"] ?? (parent is null ? o["allowedFrom"] : null))?.AsArray().Select(n => n!.GetValue<string>()).ToList()
                ?? parent?.AllowedFrom?.ToList();
            foreach (var s in allowed ?? []) if (!known.Contains(s)) problems.Add($"{name}/{variantName}: unknown status '{s}'");
            var transitional = v?["transitionalStatus"]?.GetValue<string>() ?? parent?.TransitionalStatus ?? (parent is null ? o["transitionalStatus"]?.GetValue<string>() : null);
            if (transitional is not null && !known.Contains(transitional)) problems.Add($"{name}/{variantName}: unknown status '{transitional}'");
            var settles = v?["settlesTo"] is { } st ? Settlement.Parse(st.GetValue<string>()) : parent?.Settles ?? Settlement.Parse(o["settlesTo"]?.GetValue<string>());
            if (settles is Settlement.Status ss && !known.Contains(ss.Value)) problems.Add($"{name}/{variantName}: unknown status '{ss.Value}'");
            var vr = v?["microversions"] is { } m ? MicroversionRange.Parse(m.GetValue<string>()).Intersect(range) ?? throw new FormatException($"variant '{variantName}' lies outside the action's microversions") : range;
            return new ActionVariant(variantName,
                v?["request"]?.DeepClone() ?? parent?.Request?.DeepClone() ?? request?.DeepClone(),
                vr, allowed, transitional,
                v?["taskState"]?.GetValue<string>() ?? parent?.TaskState ?? (parent is null ? o["taskState"]?.GetValue<string>() : null),
                settles);
        }

        var def = Variant("default", null, null);
        var variants = new Dictionary<string, ActionVariant>(StringComparer.Ordinal);
        foreach (var (vn, vnode) in o["variants"]?.AsObject() ?? [])
            variants[vn] = Variant(vn, vnode!.AsObject(), def);

        return new ActionDefinition(name, Req("verb"), Req("title"), Req("apiRef"), range, policy,
            o["lockChecked"]?.GetValue<bool>() ?? false, normal, errors, Req("samples"), response, def, variants);
    }
}

/// <summary>The catalogue data is inconsistent; every problem is listed.</summary>
public sealed class CatalogueException(IReadOnlyList<string> problems)
    : Exception("The action catalogue is invalid:\n  - " + string.Join("\n  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
