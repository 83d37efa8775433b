using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Contracts.Derivation;
using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;

namespace ConformanceKit.Contracts.NovaSchemas;

/// <summary>One body of the cross-check corpus.</summary>
/// <param name="Origin">Where the base body comes from (a sample or a recorded exchange).</param>
/// <param name="Variant">What was changed ("" for the base body itself), e.g. "nulled".</param>
/// <param name="Pointer">Where it was changed ("" for the base body).</param>
public sealed record CorpusBody(string Operation, Microversion Microversion, string Origin, string Variant, string Pointer, string Json)
{
    public bool IsVariant => Variant.Length > 0;
}

/// <summary>The two verdicts on one body.</summary>
public sealed record CrossVerdict(CorpusBody Body, string KitSchema, string NovaSchema, bool Kit, bool Nova, string? Exception, string Detail)
{
    public bool Agree => Kit == Nova;
}

/// <summary>
/// The cross-check of the kit's schemas against Nova's own: every body of a corpus (samples, recorded
/// exchanges and systematic near-miss variants of each) is judged by the kit's schema and by Nova's
/// imported schema, both with JsonSchema.Net and Nova's formats. A disagreement is justified only by a
/// refinement rule that says why the kit differs ("differsFromNova", with its api-ref citation) and that
/// covers the changed place at that microversion.
/// </summary>
public sealed partial class CrossCheck(SchemaRegistry kit, NovaSchemaSet nova, Refinements refinements)
{
    public const string Extra = "x-kit-extra";

    /// <summary>The systematic near-miss variants of a body: one change each.</summary>
    public static IEnumerable<(string Variant, string Pointer, JsonNode? Body)> Variants(JsonNode? body)
    {
        var places = new List<string>();
        Collect(body, "", places);
        foreach (var pointer in places)
        {
            var value = Get(body, pointer);
            if (pointer.Length > 0 && Parent(pointer) is var (parent, _) && Get(body, parent) is JsonObject)
            {
                yield return ("dropped", pointer, Edit(body, pointer, null, remove: true));
            }
            if (pointer.Length > 0 && value is not null) yield return ("nulled", pointer, Edit(body, pointer, null));
            if (pointer.Length > 0) yield return ("retyped", pointer, Edit(body, pointer, Retype(value)));
            if (value is JsonObject)
            {
                var copy = body!.DeepClone();
                (Get(copy, pointer) as JsonObject)![Extra] = "v";
                yield return ("added", pointer + "/" + Extra, copy);
            }
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                var s = v.GetValue<string>();
                foreach (var (what, broken) in BrokenFormats(s)) yield return ($"format broken ({what})", pointer, Edit(body, pointer, broken));
                if (EnumLike().IsMatch(s) && SwapCase(s) is var swapped && swapped != s) yield return ("enum case changed", pointer, Edit(body, pointer, swapped));
            }
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnumLike();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();

    [GeneratedRegex("(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Zone();

    private static IEnumerable<(string, JsonNode)> BrokenFormats(string s)
    {
        if (Uuid().IsMatch(s))
        {
            yield return ("upper-case uuid", s.ToUpperInvariant());
            yield return ("not a uuid", s[..^1] + "x");
        }
        if (DateTime().IsMatch(s))
        {
            if (Zone().IsMatch(s)) yield return ("date-time without zone", Zone().Replace(s, ""));
            else yield return ("date-time with zone", s + "Z");
            yield return ("not a date-time", "yesterday");
        }
        if (NovaFormats.IsIpv4(s))
            yield return ("not an IPv4 address", "999.1.1.1");
        if (s.StartsWith("http://", StringComparison.Ordinal) || s.StartsWith("https://", StringComparison.Ordinal))
            yield return ("not a URI", "not a uri");
    }

    private static string SwapCase(string s) => s.All(c => !char.IsLetter(c) || char.IsUpper(c)) ? s.ToLowerInvariant()
        : s.All(c => !char.IsLetter(c) || char.IsLower(c)) ? s.ToUpperInvariant() : s.ToUpperInvariant();

    private static JsonNode Retype(JsonNode? value) => value switch
    {
        JsonObject => "x",
        JsonArray => "x",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => 42,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => "42",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "true",
        _ => 42,
    };

    /// <summary>Every place of a body: the root, each member, the first item of each array.</summary>
    private static void Collect(JsonNode? node, string pointer, List<string> into)
    {
        into.Add(pointer);
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) Collect(v, pointer + "/" + Pointer.Escape(k), into);
                break;
            case JsonArray a when a.Count > 0:
                Collect(a[0], pointer + "/0", into);
                break;
        }
    }

    private static (string Parent, string Key)? Parent(string pointer)
    {
        var i = pointer.LastIndexOf('/');
        return i < 0 ? null : (pointer[..i], Pointer.Unescape(pointer[(i + 1)..]));
    }

    private static JsonNode? Get(JsonNode? root, string pointer)
    {
        var n = root;
        foreach (var seg in Pointer.Split(pointer))
            n = n switch { JsonObject o => o[seg], JsonArray a => a[int.Parse(seg, CultureInfo.InvariantCulture)], _ => null };
        return n;
    }

    private static JsonNode? Edit(JsonNode? root, string pointer, JsonNode? value, bool remove = false)
    {
        var copy = root!.DeepClone();
        var (parent, key) = Parent(pointer)!.Value;
        switch (Get(copy, parent))
        {
            case JsonObject o when remove: o.Remove(key); break;
            case JsonObject o: o[key] = value; break;
            case JsonArray a when remove: a.RemoveAt(int.Parse(key, CultureInfo.InvariantCulture)); break;
            case JsonArray a: a[int.Parse(key, CultureInfo.InvariantCulture)] = value; break;
        }
        return copy;
    }

    /// <summary>The refinement rules of an operation that say where and why the kit differs from Nova's schema.</summary>
    public IReadOnlyList<RefinementRule> Exceptions(string operation) =>
        refinements.Documents.Where(d => d.Operation == operation || d.Aliases.Contains(operation))
            .SelectMany(d => d.Rules).Where(r => r.DiffersFromNova is not null).ToList();

    private static bool Covers(RefinementRule rule, string pointer, Microversion mv)
    {
        if (!rule.Window.Contains(mv) || !rule.Scope.Contains(mv)) return false;
        var path = Pointer.Split(rule.Path);
        var at = Pointer.Split(pointer);
        if (path.Count > at.Count) return false;
        for (var i = 0; i < path.Count; i++)
            if (path[i] != "*" && path[i] != at[i] && !(path[i] == Extra && at[i] == Extra)) return false;
        return true;
    }

    /// <summary>Judges one body with both schemas (null when either has no schema for it).</summary>
    public CrossVerdict? Judge(CorpusBody body)
    {
        var entry = kit.Select(body.Operation, body.Microversion);
        var binding = nova.Select(body.Operation, body.Microversion);
        if (entry is null || binding is null) return null;
        var kitResult = new ContractValidator(kit).Validate(body.Operation, body.Microversion, body.Json);
        using var doc = JsonDocument.Parse(body.Json);
        var (novaValid, novaErrors) = nova.Judge(binding, doc.RootElement);
        string? exception = null;
        if (kitResult.IsValid != novaValid)
        {
            var rule = Exceptions(body.Operation).FirstOrDefault(r => body.IsVariant && Covers(r, body.Pointer, body.Microversion));
            exception = rule?.DiffersFromNova;
        }
        var detail = kitResult.IsValid ? (novaValid ? "" : "Nova rejects: " + string.Join("; ", novaErrors.Take(3)))
            : "kit rejects: " + string.Join("; ", kitResult.Violations.Take(3).Select(v => v.Message)) + (novaValid ? "" : " | Nova rejects: " + string.Join("; ", novaErrors.Take(3)));
        return new CrossVerdict(body, entry.File, binding.File, kitResult.IsValid, novaValid, exception, detail);
    }

    /// <summary>Every base body and every variant of the distinct shapes among them (the corpus).</summary>
    public IEnumerable<CorpusBody> Corpus(IEnumerable<(string Operation, Microversion Version, string Origin, JsonNode? Body)> bases)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (op, mv, origin, body) in bases)
        {
            if (body is null) continue;
            var json = body.ToJsonString();
            yield return new CorpusBody(op, mv, origin, "", "", json);
            var entry = kit.Select(op, mv);
            var binding = nova.Select(op, mv);
            if (entry is null || binding is null) continue;
            // Variants of one shape per (kit schema, Nova schema): the recorded exchanges repeat shapes many times.
            if (!seen.Add($"{op}|{entry.File}|{binding.File}|{Shape(body)}")) continue;
            foreach (var (variant, pointer, changed) in Variants(body))
                yield return new CorpusBody(op, mv, origin, variant, pointer, changed?.ToJsonString() ?? "null");
        }
    }

    private static string Shape(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + Shape(kv.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Shape).Distinct()) + "]",
        JsonValue v => v.GetValueKind().ToString(),
        _ => "null",
    };

    /// <summary>The per-operation report written into schemas/README.md.</summary>
    public static string Report(IReadOnlyList<CrossVerdict> verdicts, string novaName, CrossCheck check)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var variants = verdicts.Where(v => v.Body.IsVariant).ToList();
        var bases = verdicts.Where(v => !v.Body.IsVariant).ToList();
        double Pct(int a, int n) => n == 0 ? 100 : 100.0 * a / n;
        sb.Append(inv, $"Against `contracts/nova-schemas/{novaName}` ({verdicts.Count} bodies judged by both schemas: {bases.Count} samples and recorded real-Nova bodies, {variants.Count} variants).\n\n");
        sb.Append(inv, $"- Samples and recorded bodies: {bases.Count(v => v.Agree)} of {bases.Count} agree ({Pct(bases.Count(v => v.Agree), bases.Count):0.00}%).\n");
        sb.Append(inv, $"- Variants: {variants.Count(v => v.Agree)} of {variants.Count} agree ({Pct(variants.Count(v => v.Agree), variants.Count):0.00}%); ");
        sb.Append(inv, $"{variants.Count(v => !v.Agree && v.Exception is not null)} disagree where a listed exception says why, {verdicts.Count(v => !v.Agree && v.Exception is null)} disagree without one.\n\n");
        sb.Append("| operation | bodies cross-checked | agree | disagree (listed exceptions) | exceptions |\n|---|---:|---:|---:|---|\n");
        foreach (var g in verdicts.GroupBy(v => v.Body.Operation).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var listed = check.Exceptions(g.Key).Where(r => g.Any(v => v.Exception == r.DiffersFromNova)).Select(r => r.Path.Length == 0 ? "(body)" : $"`{r.Path}`").Distinct().ToList();
            if (g.Any(v => v.Exception?.StartsWith("older Nova: ", StringComparison.Ordinal) == true)) listed.Add("older Nova (below)");
            sb.Append(inv, $"| `{g.Key}` | {g.Count()} | {g.Count(v => v.Agree)} | {g.Count(v => !v.Agree)} | {(listed.Count == 0 ? "—" : string.Join(", ", listed))} |\n");
        }
        return sb.ToString();
    }
}
