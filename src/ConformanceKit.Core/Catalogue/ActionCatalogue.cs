using System.Reflection;
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

    private static readonly Lazy<ActionCatalogue> Embedded = new(() =>
    {
        using var stream = typeof(ActionCatalogue).Assembly.GetManifestResourceStream("ConformanceKit.Catalogue.actions.json")
            ?? throw new InvalidOperationException("The action catalogue is not embedded in ConformanceKit.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    /// <summary>The catalogue shipped with the kit.</summary>
    public static ActionCatalogue Default => Embedded.Value;

    public ActionDefinition this[string name] => Find(name)
        ?? throw new KeyNotFoundException($"'{name}' is not a server action the kit knows. Known actions: {string.Join(", ", _byName.Keys)}.");

    public ActionDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The action whose verb phrase (as features say it, "pauses", "backs up") is given.</summary>
    public ActionDefinition? FindByVerb(string verb) => Actions.FirstOrDefault(a => a.Verb == verb);

    /// <summary>Parses and validates catalogue JSON; every problem found is reported at once.</summary>
    public static ActionCatalogue Parse(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new CatalogueException(["the catalogue is not a JSON object"]);
        var problems = new List<string>();
        var statuses = root["stableStatuses"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        var known = new HashSet<string>(statuses) { "REBOOT", "HARD_REBOOT", "REBUILD", "RESIZE", "REVERT_RESIZE", "MIGRATING" };
        var actions = new List<ActionDefinition>();
        foreach (var node in root["actions"]?.AsArray() ?? [])
        {
            var o = node!.AsObject();
            var name = o["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name)) { problems.Add("an action has no name"); continue; }
            try
            {
                actions.Add(ParseAction(name, o, known, problems));
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
        var response = (o["response"]?.GetValue<string>() ?? "empty") switch
        {
            "empty" => ResponseShape.Empty,
            "json" => ResponseShape.Json,
            "json-from-2.45" => ResponseShape.JsonFrom2_45,
            "json-before-2.14" => ResponseShape.JsonBefore2_14,
            var r => throw new FormatException($"response '{r}' is not one of empty, json, json-from-2.45, json-before-2.14"),
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
