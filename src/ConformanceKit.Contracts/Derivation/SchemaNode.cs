using System.Text.Json.Nodes;

namespace ConformanceKit.Contracts.Derivation;

/// <summary>
/// The subset of JSON Schema the deriver produces, as a mutable tree. Written out with a fixed keyword
/// order and ordinally sorted properties, so the same input always gives the same bytes.
/// </summary>
public sealed class SchemaNode
{
    public SortedSet<string> Types { get; } = new(StringComparer.Ordinal);
    /// <summary>The sample did not show the type (null, [] or {}); a refinement must say what it is.</summary>
    public string? Unknown { get; set; }
    public string? Format { get; set; }
    public string? Pattern { get; set; }
    public List<JsonNode?>? Enum { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public long? Minimum { get; set; }
    public long? Maximum { get; set; }
    public int? MinProperties { get; set; }
    public int? MaxProperties { get; set; }
    /// <summary>A schema the value must not match ("not").</summary>
    public SchemaNode? Not { get; set; }
    public SortedDictionary<string, SchemaNode>? Properties { get; set; }
    public SortedSet<string> Required { get; } = new(StringComparer.Ordinal);
    /// <summary>False: closed object. Null: keyword absent (open object or a map, see <see cref="Values"/>).</summary>
    public bool? AdditionalProperties { get; set; }
    /// <summary>For maps (metadata, addresses...): the schema of every value.</summary>
    public SchemaNode? Values { get; set; }
    public SchemaNode? Items { get; set; }
    public List<SchemaNode>? AnyOf { get; set; }
    public string? Description { get; set; }
    /// <summary>Marks secrets (passwords) so that reports mask them. Written as "x-secret": true.</summary>
    public bool Secret { get; set; }

    public bool IsObject => Types.Contains("object");

    public SchemaNode Clone()
    {
        var c = new SchemaNode
        {
            Unknown = Unknown, Format = Format, Pattern = Pattern, MinLength = MinLength, MaxLength = MaxLength, Minimum = Minimum,
            Maximum = Maximum, MinProperties = MinProperties, MaxProperties = MaxProperties, Not = Not?.Clone(),
            AdditionalProperties = AdditionalProperties, Description = Description, Secret = Secret,
            Enum = Enum?.Select(e => e?.DeepClone()).ToList(),
            Values = Values?.Clone(), Items = Items?.Clone(),
            AnyOf = AnyOf?.Select(a => a.Clone()).ToList(),
        };
        c.Types.UnionWith(Types);
        c.Required.UnionWith(Required);
        if (Properties is not null)
            c.Properties = new SortedDictionary<string, SchemaNode>(Properties.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()), StringComparer.Ordinal);
        return c;
    }

    public static SchemaNode OfType(params string[] types)
    {
        var n = new SchemaNode();
        n.Types.UnionWith(types);
        return n;
    }

    /// <summary>Reads a JSON Schema fragment written with the keywords this class knows.</summary>
    public static SchemaNode FromJson(JsonObject o, string origin)
    {
        var n = new SchemaNode();
        foreach (var (key, value) in o)
        {
            switch (key)
            {
                case "type":
                    if (value is JsonArray ta) n.Types.UnionWith(ta.Select(t => t!.GetValue<string>()));
                    else n.Types.Add(value!.GetValue<string>());
                    break;
                case "format": n.Format = value!.GetValue<string>(); break;
                case "pattern": n.Pattern = value!.GetValue<string>(); break;
                case "enum": n.Enum = value!.AsArray().Select(e => e?.DeepClone()).ToList(); break;
                case "minLength": n.MinLength = value!.GetValue<int>(); break;
                case "maxLength": n.MaxLength = value!.GetValue<int>(); break;
                case "minimum": n.Minimum = value!.GetValue<long>(); break;
                case "maximum": n.Maximum = value!.GetValue<long>(); break;
                case "minProperties": n.MinProperties = value!.GetValue<int>(); break;
                case "maxProperties": n.MaxProperties = value!.GetValue<int>(); break;
                case "not": n.Not = FromJson(value!.AsObject(), origin); break;
                case "description": n.Description = value!.GetValue<string>(); break;
                case "x-secret": n.Secret = value!.GetValue<bool>(); break;
                case "required": n.Required.UnionWith(value!.AsArray().Select(r => r!.GetValue<string>())); break;
                case "properties":
                    n.Properties = new SortedDictionary<string, SchemaNode>(StringComparer.Ordinal);
                    foreach (var (pk, pv) in value!.AsObject()) n.Properties[pk] = FromJson(pv!.AsObject(), origin);
                    break;
                case "additionalProperties":
                    if (value is JsonObject vo) n.Values = FromJson(vo, origin);
                    else n.AdditionalProperties = value!.GetValue<bool>() ? null : false;
                    break;
                case "items": n.Items = FromJson(value!.AsObject(), origin); break;
                case "anyOf": n.AnyOf = value!.AsArray().Select(a => FromJson(a!.AsObject(), origin)).ToList(); break;
                default: throw new FormatException($"{origin}: the schema keyword '{key}' is not supported by the deriver");
            }
        }
        return n;
    }

    public JsonObject ToJson()
    {
        var o = new JsonObject();
        if (Types.Count == 1) o["type"] = Types.Min;
        else if (Types.Count > 1) o["type"] = new JsonArray(OrderTypes(Types).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
        if (Format is not null) o["format"] = Format;
        if (Pattern is not null) o["pattern"] = Pattern;
        if (Enum is not null) o["enum"] = new JsonArray(Enum.Select(e => e?.DeepClone()).ToArray());
        if (MinLength is not null) o["minLength"] = MinLength;
        if (MaxLength is not null) o["maxLength"] = MaxLength;
        if (Minimum is not null) o["minimum"] = Minimum;
        if (Maximum is not null) o["maximum"] = Maximum;
        if (Not is not null) o["not"] = Not.ToJson();
        if (MinProperties is not null) o["minProperties"] = MinProperties;
        if (MaxProperties is not null) o["maxProperties"] = MaxProperties;
        if (Properties is not null)
        {
            var props = new JsonObject();
            foreach (var (k, v) in Properties) props[k] = v.ToJson();
            o["properties"] = props;
        }
        if (Required.Count > 0) o["required"] = new JsonArray(Required.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray());
        if (Values is not null) o["additionalProperties"] = Values.ToJson();
        else if (AdditionalProperties == false) o["additionalProperties"] = false;
        if (Items is not null) o["items"] = Items.ToJson();
        if (AnyOf is not null) o["anyOf"] = new JsonArray(AnyOf.Select(a => (JsonNode)a.ToJson()).ToArray());
        if (Secret) o["x-secret"] = true;
        if (Description is not null) o["description"] = Description;
        return o;
    }

    // "string", "null" reads better than alphabetical "null", "string": the main type first, null last.
    private static IEnumerable<string> OrderTypes(IEnumerable<string> types) =>
        types.OrderBy(t => t == "null" ? 1 : 0).ThenBy(t => t, StringComparer.Ordinal);

    /// <summary>
    /// The union of two shapes seen for the same place (two items of an array, two samples of a
    /// request): types add up, a property is required only when both require it.
    /// </summary>
    public static SchemaNode Merge(SchemaNode a, SchemaNode b)
    {
        if (a.Unknown is not null && b.Unknown is null) return WithTypes(b.Clone(), a.Types);
        if (b.Unknown is not null && a.Unknown is null) return WithTypes(a.Clone(), b.Types);
        var m = a.Clone();
        m.Types.UnionWith(b.Types);
        if (a.Unknown is not null) return m; // both unknown
        if (m.Format != b.Format) m.Format = null;
        if (m.Pattern != b.Pattern) m.Pattern = null;
        m.Secret = a.Secret || b.Secret;
        if (a.Properties is not null || b.Properties is not null)
        {
            if (a.Properties is null) { m.Properties = b.Clone().Properties; m.Required.Clear(); m.Required.UnionWith(b.Required); m.AdditionalProperties = b.AdditionalProperties; }
            else if (b.Properties is not null)
            {
                foreach (var (k, v) in b.Properties)
                    m.Properties![k] = m.Properties.TryGetValue(k, out var mine) ? Merge(mine, v) : v.Clone();
                m.Required.IntersectWith(b.Required);
                if (b.AdditionalProperties is null) m.AdditionalProperties = null;
            }
        }
        if (b.Items is not null) m.Items = m.Items is null ? b.Items.Clone() : Merge(m.Items, b.Items);
        if (b.Values is not null) m.Values = m.Values is null ? b.Values.Clone() : Merge(m.Values, b.Values);
        if (a.AnyOf is not null || b.AnyOf is not null)
        {
            if (a.AnyOf is null || b.AnyOf is null || a.ToJson().ToJsonString() != b.ToJson().ToJsonString()) m.AnyOf = null;
        }
        return m;
    }

    private static SchemaNode WithTypes(SchemaNode n, IEnumerable<string> extra)
    {
        n.Types.UnionWith(extra);
        if (n.Enum is not null && n.Types.Contains("null") && !n.Enum.Any(e => e is null)) n.Enum.Add(null);
        return n;
    }

    /// <summary>Every node of the tree with its JSON-Pointer-like path ("*" for items and map values).</summary>
    public IEnumerable<(string Path, SchemaNode Node)> Walk(string path = "")
    {
        yield return (path, this);
        if (Properties is not null)
            foreach (var (k, v) in Properties)
                foreach (var x in v.Walk(path + "/" + Pointer.Escape(k))) yield return x;
        if (Items is not null) foreach (var x in Items.Walk(path + "/*")) yield return x;
        if (Values is not null) foreach (var x in Values.Walk(path + "/*")) yield return x;
        if (AnyOf is not null) foreach (var alt in AnyOf) foreach (var x in alt.Walk(path)) yield return x;
    }
}

/// <summary>JSON Pointer helpers (RFC 6901).</summary>
public static class Pointer
{
    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    public static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    public static IReadOnlyList<string> Split(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new FormatException($"'{pointer}' is not a JSON Pointer (it must start with /)");
        return pointer[1..].Split('/').Select(Unescape).ToList();
    }
}
