using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Core;

namespace ConformanceKit.Contracts.Derivation;

/// <summary>A place in a schema tree that can be read and replaced.</summary>
internal sealed class Slot(Func<SchemaNode> get, Action<SchemaNode> set)
{
    public SchemaNode Node => get();
    public void Replace(SchemaNode n) => set(n);
}

/// <summary>Applies refinement rules to the shape read from a sample, for one microversion.</summary>
internal sealed class RuleEngine(PlaceholderVocabulary vocabulary, IReadOnlyList<(Microversion Version, SchemaNode Tree, string Origin)> allBases)
{
    public HashSet<RefinementRule> Matched { get; } = [];

    public static List<Slot> Resolve(SchemaNode root, IReadOnlyList<string> segments, Action<SchemaNode> setRoot)
    {
        var holder = root;
        var slots = new List<Slot> { new(() => holder, n => { holder = n; setRoot(n); }) };
        foreach (var seg in segments)
        {
            var next = new List<Slot>();
            foreach (var slot in slots)
            {
                var node = slot.Node;
                var candidates = new List<SchemaNode> { node };
                if (node.AnyOf is not null) candidates.AddRange(node.AnyOf);
                foreach (var c in candidates)
                {
                    if (seg == "*")
                    {
                        if (c.Items is not null) { var cc = c; next.Add(new Slot(() => cc.Items!, n => cc.Items = n)); }
                        if (c.Values is not null) { var cc = c; next.Add(new Slot(() => cc.Values!, n => cc.Values = n)); }
                    }
                    else if (c.Properties is not null && c.Properties.ContainsKey(seg))
                    {
                        var cc = c;
                        var key = seg;
                        next.Add(new Slot(() => cc.Properties![key], n => cc.Properties![key] = n));
                    }
                }
            }
            slots = next;
        }
        return slots;
    }

    /// <summary>The object nodes that hold the last segment of a path (following anyOf branches).</summary>
    private static List<SchemaNode> Parents(SchemaNode root, IReadOnlyList<string> segments)
    {
        var parents = Resolve(root, segments.Take(segments.Count - 1).ToList(), _ => { }).Select(s => s.Node).ToList();
        var result = new List<SchemaNode>();
        foreach (var p in parents)
        {
            if (p.Properties is not null) result.Add(p);
            if (p.AnyOf is not null) result.AddRange(p.AnyOf.Where(a => a.Properties is not null));
        }
        return result;
    }

    /// <summary>
    /// Applies the rules in scope at one microversion. Parents go before children (by path depth);
    /// at each depth, presence rules (which fields exist) go before the refinements of their shape.
    /// </summary>
    public SchemaNode Apply(SchemaNode root, IReadOnlyList<RefinementRule> rules, Microversion at, string where)
    {
        var inScope = rules.Where(r => r.Scope.Contains(at)).ToList();
        var depths = inScope.Select(r => Pointer.Split(r.Path).Count).Distinct().Order();
        foreach (var depth in depths)
        {
            var level = inScope.Where(r => Pointer.Split(r.Path).Count == depth).ToList();
            root = ApplyPresence(root, level, at, where);
            // A rule that only says why the kit differs from Nova's schema changes nothing, but must name a real place.
            foreach (var note in level.Where(r => (!r.HasWindow || r.Window.Contains(at)) && !HasModifiers(r) && !r.IsPresenceRule && r.DiffersFromNova is not null))
                if (Resolve(root, Pointer.Split(note.Path), _ => { }).Count > 0) Matched.Add(note);
            foreach (var rule in level.Where(r => (!r.HasWindow || r.Window.Contains(at)) && HasModifiers(r)))
            {
                var slots = Resolve(root, Pointer.Split(rule.Path), n => root = n);
                foreach (var slot in slots)
                {
                    slot.Replace(Modify(slot.Node, rule));
                    Matched.Add(rule);
                }
            }
        }
        return root;
    }

    /// <summary>The windows of all presence rules on a path add up; outside them the field is absent.</summary>
    private SchemaNode ApplyPresence(SchemaNode root, List<RefinementRule> level, Microversion at, string where)
    {
        foreach (var group in level.Where(r => r.IsPresenceRule).GroupBy(r => r.Path))
        {
            var covering = group.Where(r => !r.HasWindow || r.Window.Contains(at)).ToList();
            var presence = covering.Count > 0 ? covering[^1].Presence : Presence.Absent;
            var segments = Pointer.Split(group.Key);
            var name = segments[^1];
            if (name == "*") throw new FormatException($"{group.First().Origin}: a presence rule cannot end in '*' ({group.Key})");
            var parents = Parents(root, segments);
            if (parents.Count == 0)
            {
                if (presence == Presence.Absent) continue;
                throw new FormatException($"{group.First().Origin}: {group.Key} must exist at {at}, but its parent is not in the schema built from {where}");
            }
            foreach (var parent in parents)
            {
                foreach (var r in group) Matched.Add(r);
                if (presence == Presence.Absent)
                {
                    parent.Properties!.Remove(name);
                    parent.Required.Remove(name);
                    continue;
                }
                if (!parent.Properties!.ContainsKey(name))
                    parent.Properties[name] = Source(covering[^1], group.Key, at, where);
                if (presence == Presence.Required) parent.Required.Add(name);
                else parent.Required.Remove(name);
                Matched.Add(covering[^1]);
            }
        }
        return root;
    }

    private static bool HasModifiers(RefinementRule r) =>
        r.Kind is not null || r.Schema is not null || r.HasExample || r.Nullable is not null || r.Enum is not null || r.OrEmpty
        || r.IsMap || r.Open || r.Closed || r.Pattern is not null || r.MaxLength is not null || r.MinLength is not null;

    /// <summary>The schema of a field the base sample does not show.</summary>
    private SchemaNode Source(RefinementRule rule, string path, Microversion at, string where)
    {
        if (rule.Schema is not null) return SchemaNode.FromJson(rule.Schema.DeepClone().AsObject(), rule.Origin);
        if (rule.Kind is not null) return SchemaInference.FromKind(ValueKind.Get(rule.Kind), rule.Origin);
        if (rule.HasExample) return SchemaInference.Infer(rule.Example, vocabulary, $"{rule.Origin} example for {path}");
        if (rule.IsMap && !(rule.Map is JsonValue iv && iv.GetValue<string>() == "infer"))
            return Modify(new SchemaNode { Unknown = "map" }, rule);
        // The nearest sample that shows the field: first the newest at or below the microversion, then the oldest above it.
        var ordered = allBases.Where(b => b.Version <= at).OrderByDescending(b => b.Version)
            .Concat(allBases.Where(b => b.Version > at).OrderBy(b => b.Version));
        var segments = Pointer.Split(path);
        foreach (var (_, tree, _) in ordered)
        {
            var found = Resolve(tree, segments, _ => { });
            if (found.Count > 0) return found[0].Node.Clone();
        }
        throw new FormatException($"{rule.Origin}: {path} must exist at {at} but neither {where} nor any other sample of the operation shows it; give the rule a kind, schema or example");
    }

    private SchemaNode Modify(SchemaNode node, RefinementRule rule)
    {
        var n = node;
        var hadNull = node.Types.Contains("null");
        if (rule.Schema is not null || rule.Kind is not null || rule.HasExample)
        {
            n = rule.Schema is not null ? SchemaNode.FromJson(rule.Schema.DeepClone().AsObject(), rule.Origin)
                : rule.Kind is not null ? SchemaInference.FromKind(ValueKind.Get(rule.Kind), rule.Origin)
                : SchemaInference.Infer(rule.Example, vocabulary, $"{rule.Origin} example for {rule.Path}");
            // A schema without a type accepts any value: adding the sample's null would restrict it.
            if (hadNull && !(rule.Schema is not null && n.Types.Count == 0 && n.AnyOf is null)) n.Types.Add("null");
        }
        else n = n.Clone();

        if (rule.IsMap)
        {
            SchemaNode? values;
            if (rule.Map is JsonValue mv && mv.GetValue<string>() == "infer")
            {
                values = null;
                foreach (var v in n.Properties?.Values ?? Enumerable.Empty<SchemaNode>())
                    values = values is null ? v.Clone() : SchemaNode.Merge(values, v);
                values ??= n.Values ?? new SchemaNode { Unknown = $"the values of the map {rule.Path} (no sample shows one; say their kind with a rule on {rule.Path}/*)" };
            }
            else if (rule.Map is JsonValue kv) values = SchemaInference.FromKind(ValueKind.Get(kv.GetValue<string>()), rule.Origin);
            else values = SchemaNode.FromJson(rule.Map!.AsObject(), rule.Origin);
            n.Properties = null;
            n.Required.Clear();
            n.AdditionalProperties = null;
            n.Values = values;
            n.Unknown = null;
            n.Types.Clear();
            n.Types.Add("object");
            if (hadNull) n.Types.Add("null");
        }
        if (rule.Closed) { n.Unknown = null; n.AdditionalProperties = false; n.Properties ??= new SortedDictionary<string, SchemaNode>(StringComparer.Ordinal); }
        if (rule.Open) n.AdditionalProperties = null;
        if (rule.Pattern is not null) n.Pattern = rule.Pattern;
        if (rule.MaxLength is not null) n.MaxLength = rule.MaxLength;
        if (rule.MinLength is not null) n.MinLength = rule.MinLength;
        if (rule.Enum is not null) n.Enum = rule.Enum.Select(e => e?.DeepClone()).ToList();
        if (rule.Nullable == true) n.Types.Add("null");
        if (rule.Nullable == false) n.Types.Remove("null");
        if (n.Enum is not null)
        {
            if (n.Types.Contains("null") && !n.Enum.Any(e => e is null)) n.Enum.Add(null);
            if (!n.Types.Contains("null")) n.Enum.RemoveAll(e => e is null);
        }
        if (n.Unknown is not null && (rule.Schema is not null || rule.Kind is not null || rule.HasExample)) n.Unknown = null;
        if (rule.OrEmpty) n = OrEmpty(n, rule);
        return n;
    }

    private static SchemaNode OrEmpty(SchemaNode n, RefinementRule rule)
    {
        var empty = new SchemaNode { Description = "empty" };
        if (n.IsObject)
        {
            empty.Types.Add("string");
            empty.MaxLength = 0;
            return new SchemaNode { AnyOf = [n, empty] };
        }
        if (!n.Types.Contains("string")) throw new FormatException($"{rule.Origin}: orEmpty on {rule.Path} needs a string or an object");
        empty.Enum = [JsonValue.Create("")];
        var inner = n.Clone();
        inner.Types.Clear();
        inner.Description = null;
        var wrapper = new SchemaNode { AnyOf = [inner, empty], Secret = n.Secret, Description = n.Description };
        wrapper.Types.UnionWith(n.Types);
        inner.Secret = false;
        return wrapper;
    }
}
