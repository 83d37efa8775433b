using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Contracts.Derivation;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Core;
using System.Text.Json;
using Json.Schema;

namespace ConformanceKit.Contracts.Validation;

/// <summary>
/// Validates request and response bodies against the contract schemas: picks the schema by
/// (operation, negotiated microversion), runs JsonSchema.Net (JSON Schema 2020-12, formats as Nova defines them: <see cref="NovaFormats"/>), and reports each violation as a JSON
/// Pointer with the expected and the actual value.
/// </summary>
public sealed partial class ContractValidator(SchemaRegistry registry, ContractOptions? options = null)
{
    public SchemaRegistry Registry { get; } = registry;
    public ContractOptions Options { get; } = options ?? ContractOptions.Strict;

    /// <summary>A validator over the built-in schemas.</summary>
    public static ContractValidator Create(ContractOptions? options = null) => new(SchemaRegistry.Default, options);

    public ContractResult Validate(string operation, Microversion microversion, JsonNode? body) =>
        Validate(operation, microversion, body?.ToJsonString());

    /// <summary>Validates the body the kit is about to send for a server action (action.&lt;name&gt;.request).</summary>
    public ContractResult ValidateActionRequest(string action, Microversion microversion, string? json) =>
        Validate(Operations.ActionRequest(action), microversion, json);

    /// <summary>
    /// Validates the normal response body of a server action. Actions that never answer with a body
    /// (pause, reboot...) must answer without one: any body is reported as unexpected.
    /// </summary>
    public ContractResult ValidateActionResponse(string action, Microversion microversion, string? json)
    {
        var operation = Operations.ActionResponse(action);
        if (Registry.Knows(operation)) return Validate(operation, microversion, json);
        return string.IsNullOrWhiteSpace(json)
            ? Result(operation, microversion, null, [], [])
            : Result(operation, microversion, null, [new Violation("", ViolationKind.UnexpectedBody, $"no body ({action} answers without one)", Snippet(json))], []);
    }

    /// <summary>Validates one body (null or blank: no body) of an operation at a microversion.</summary>
    public ContractResult Validate(string operation, Microversion microversion, string? json)
    {
        var notes = new List<string>();
        var at = microversion;
        if (microversion > Registry.KnownMax)
        {
            notes.Add($"microversion {microversion} is newer than {Registry.KnownMax}, the newest the schemas know; judged against {Registry.KnownMax}");
            at = Registry.KnownMax;
        }
        var entry = Registry.Select(operation, at);
        var hasBody = !string.IsNullOrWhiteSpace(json);
        if (entry is null)
        {
            var known = string.Join(", ", Registry.RangesOf(operation).Select(e => e.Range.ToString()));
            return hasBody
                ? Result(operation, microversion, null, [new Violation("", ViolationKind.UnexpectedBody, $"no body ({operation} has a body only at {known})", Snippet(json!))], notes)
                : Result(operation, microversion, null, [], notes);
        }
        if (!hasBody)
        {
            return entry.BodyOptional
                ? Result(operation, microversion, entry.File, [], notes)
                : Result(operation, microversion, entry.File, [new Violation("", ViolationKind.NoBody, "a JSON body", "no body")], notes);
        }
        if (!TryParse(json!, out var body, out var parseError))
            return Result(operation, microversion, entry.File, [new Violation("", ViolationKind.NotJson, "a JSON body", $"{Snippet(json!)} ({parseError})")], notes);

        var violations = Check(entry, body, operation);
        return Result(operation, microversion, entry.File, violations, notes);
    }

    /// <summary>
    /// Validates the body of an error response. Nova's shape {"&lt;kind&gt;": {"code", "message"}} must
    /// have the kind that matches its code, and the code must be the HTTP status. keystonemiddleware's
    /// 401 body ({"error": {...}}) and webob's JSON 404/405 for an unknown route are recognised as
    /// their own documented shapes, not counted as failures.
    /// </summary>
    public ContractResult ValidateError(int httpStatus, Microversion microversion, string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || !TryParse(json, out var body, out _) || body.ValueKind != JsonValueKind.Object)
            return Validate(Operations.Error, microversion, json);

        var members = body.EnumerateObject().ToList();
        if (httpStatus == 401 && members.Count == 1 && members[0].Name == "error" && members[0].Value.ValueKind == JsonValueKind.Object)
            return Validate(Operations.KeystoneError, microversion, json);
        if (body.TryGetProperty("title", out _) && body.TryGetProperty("code", out var webobCode) && webobCode.ValueKind == JsonValueKind.String)
        {
            var webob = Validate(Operations.WebobError, microversion, json);
            if (httpStatus is 404 or 405) return webob;
            return webob with { Violations = [.. webob.Violations, new Violation("", ViolationKind.ErrorKindMismatch, "webob's JSON error only for an unknown route (404 or 405)", $"HTTP {httpStatus}")] };
        }

        var result = Validate(Operations.Error, microversion, json);
        var extra = new List<Violation>();
        if (members.Count == 1 && members[0].Value.ValueKind == JsonValueKind.Object
            && members[0].Value.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
            && code.TryGetInt32(out var number) && number != httpStatus)
        {
            extra.Add(new Violation($"/{Pointer.Escape(members[0].Name)}/code", ViolationKind.ErrorKindMismatch,
                $"{httpStatus} (the HTTP status)", code.GetRawText()));
        }
        return extra.Count == 0 ? result : result with { Violations = [.. result.Violations, .. extra] };
    }

    private ContractResult Result(string operation, Microversion mv, string? file, IReadOnlyList<Violation> all, List<string> notes)
    {
        var violations = new List<Violation>();
        var warnings = new List<Violation>();
        foreach (var v in all)
        {
            if (v.Kind == ViolationKind.Extra && Options.TolerateExtensions) warnings.Add(v);
            else violations.Add(v);
        }
        return new ContractResult(operation, mv, file, violations, warnings, notes);
    }

    private static bool TryParse(string json, out JsonElement body, out string? error)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            body = doc.RootElement.Clone();
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            body = default;
            error = e.Message;
            return false;
        }
    }

    private static List<Violation> Check(SchemaEntry entry, JsonElement body, string operation)
    {
        // Most bodies conform: a yes/no evaluation (which stops at the first failure) answers them; only a body it
        // rejects is evaluated again for the detailed output the violations are described from.
        if (entry.Schema.Evaluate(body, NovaFormats.Options(OutputFormat.Flag)).IsValid) return [];
        var results = entry.Schema.Evaluate(body, NovaFormats.Options());
        var list = new List<Violation>();
        if (!results.IsValid)
        {
            Flatten(results, entry.SchemaNode, body, list, operation);
            // Never let a body the schema rejects pass for want of a description.
            if (list.Count == 0) list.Add(new Violation("", ViolationKind.Other, "a body the schema accepts", Show(body, "")));
        }
        // A null breaks "type" and "enum" at once: report it once, with the type's wording.
        return list.OrderBy(v => v.Expected.Contains("null is not allowed", StringComparison.Ordinal) ? 0 : 1)
            .DistinctBy(v => v.Kind == ViolationKind.UnexpectedNull ? (v.Pointer, v.Kind, "") : (v.Pointer, v.Kind, v.Expected))
            .OrderBy(v => v.Pointer, StringComparer.Ordinal).ToList();
    }

    /// <summary>The sub-schema at a JSON Pointer of the schema document (the kit's schemas have no $ref).</summary>
    internal static JsonNode? At(JsonNode? root, string pointer)
    {
        var node = root;
        foreach (var seg in Pointer.Split(pointer))
        {
            node = node switch
            {
                JsonObject o => o[seg],
                JsonArray a when int.TryParse(seg, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The instance value at a JSON Pointer (null when absent).</summary>
    internal static JsonElement? At(JsonElement root, string pointer)
    {
        var e = root;
        foreach (var seg in Pointer.Split(pointer))
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(seg, out var child)) e = child;
            else if (e.ValueKind == JsonValueKind.Array && int.TryParse(seg, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < e.GetArrayLength()) e = e[i];
            else return null;
        }
        return e;
    }

    private static string TypeOf(JsonElement? e) => e?.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => e.Value.TryGetInt64(out _) || (e.Value.TryGetDecimal(out var d) && d == decimal.Truncate(d)) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "none",
    };

    private static IReadOnlyList<string> TypesOf(JsonNode? schema) => (schema as JsonObject)?["type"] switch
    {
        JsonArray a => a.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue v => [v.GetValue<string>()],
        _ => [],
    };

    private static bool Allows(IReadOnlyList<string> types, string actual) => types.Contains(actual) || (actual == "integer" && types.Contains("number"));

    /// <summary>
    /// Turns JsonSchema.Net's hierarchical result into violations: one per failed keyword, located by the
    /// instance's JSON Pointer, described with what the schema expects and what the body has.
    /// </summary>
    private static void Flatten(EvaluationResults node, JsonNode? schemaRoot, JsonElement body, List<Violation> into, string operation) =>
        Flatten(node, schemaRoot, schemaRoot, body, into, operation);

    /// <summary>
    /// The sub-schema a child result evaluated, found from its parent's: each level of the hierarchical
    /// output is one keyword below its parent (properties/x, items, anyOf/i, additionalProperties, not).
    /// JsonSchema.Net 8.0.5 writes a wrong last segment after "items" in both its evaluation path and its
    /// schema location, so the path is read one keyword at a time, never as a whole.
    /// </summary>
    private static JsonNode? Child(JsonNode? parent, IReadOnlyList<string> rel) => rel.Count == 0 ? parent : rel[0] switch
    {
        "items" or "additionalProperties" or "not" or "contains" or "propertyNames" => (parent as JsonObject)?[rel[0]],
        "properties" or "patternProperties" or "$defs" when rel.Count > 1 => (parent as JsonObject)?[rel[0]]?[rel[1]],
        "anyOf" or "allOf" or "oneOf" or "prefixItems" when rel.Count > 1 && int.TryParse(rel[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            => (parent as JsonObject)?[rel[0]] is JsonArray a && i < a.Count ? a[i] : null,
        _ => null,
    };

    private static void Flatten(EvaluationResults node, JsonNode? schema, JsonNode? schemaRoot, JsonElement body, List<Violation> into, string operation)
    {
        if (node.IsValid) return;
        var pointer = node.InstanceLocation.ToString();
        var value = At(body, pointer);

        // A false schema under additionalProperties: a property Nova's shape does not have.
        if (schema is JsonValue { } f && f.GetValueKind() == JsonValueKind.False)
        {
            var segments = Pointer.Split(pointer);
            var name = segments.Count > 0 ? segments[^1] : "?";
            if (operation == Operations.Error && segments.Count == 1)
                into.Add(new Violation(pointer, ViolationKind.ErrorKindMismatch, "one of Nova's error kinds (badRequest, forbidden, itemNotFound, conflictingRequest, badMediaType, computeFault...)", $"'{name}'"));
            else
                into.Add(new Violation(pointer, ViolationKind.Extra, "no such property (not part of Nova's shape here)", Show(value, pointer)));
            return;
        }

        var obj = schema as JsonObject;
        foreach (var keyword in node.Errors?.Keys ?? Enumerable.Empty<string>())
            Keyword(keyword, obj, value, pointer, into, operation);

        var children = node.Details ?? [];
        var depth = Pointer.Split(node.EvaluationPath.ToString()).Count;
        JsonNode? SchemaOf(EvaluationResults c) => Child(schema, Pointer.Split(c.EvaluationPath.ToString()).Skip(depth).ToList());
        // JsonSchema.Net reports a failed "not" by the node's verdict alone (its sub-schema matched).
        if (node.Errors is not { Count: > 0 } && children.All(c => c.IsValid))
            Keyword(obj?.ContainsKey("not") == true ? "not" : "(schema)", obj, value, pointer, into, operation);
        bool IsBranch(EvaluationResults c) => Pointer.Split(c.EvaluationPath.ToString()) is var p && p.Count == depth + 2 && p[depth] == "anyOf";
        var anyOf = children.Where(IsBranch).ToList();
        if (anyOf.Count > 0 && anyOf.All(c => !c.IsValid))
        {
            var actual = TypeOf(value);
            // Follow the branch made for this JSON type when there is exactly one (an object, or "" for image).
            var typed = anyOf.Where(c => TypesOf(SchemaOf(c)) is { Count: > 0 } t && Allows(t, actual)).ToList();
            if (typed.Count == 1 && actual is "object" or "array") Flatten(typed[0], SchemaOf(typed[0]), schemaRoot, body, into, operation);
            else
            {
                var expected = string.Join(" or ", anyOf.Select(c => Describe(SchemaOf(c) as JsonObject)).Distinct());
                into.Add(new Violation(pointer, value?.ValueKind == JsonValueKind.Null ? ViolationKind.UnexpectedNull : ViolationKind.WrongFormat, expected, Show(value, pointer)));
            }
        }
        foreach (var c in children.Where(c => !IsBranch(c))) Flatten(c, SchemaOf(c), schemaRoot, body, into, operation);
    }

    private static void Keyword(string keyword, JsonObject? schema, JsonElement? value, string pointer, List<Violation> into, string operation)
    {
        switch (keyword)
        {
            case "required":
                {
                    var present = value?.ValueKind == JsonValueKind.Object ? value.Value.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
                    foreach (var name in (schema?["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).Where(n => !present.Contains(n)))
                    {
                        var ps = schema?["properties"]?[name] as JsonObject;
                        var required = ps is not null ? $" ({Describe(ps)})" : "";
                        into.Add(new Violation(pointer + "/" + Pointer.Escape(name), ViolationKind.Missing, $"the required property '{name}'{required}", "missing"));
                    }
                    return;
                }
            case "type":
                {
                    var isNull = value?.ValueKind == JsonValueKind.Null;
                    var expected = isNull ? $"{Describe(schema)} (null is not allowed here)" : Describe(schema);
                    into.Add(new Violation(pointer, isNull ? ViolationKind.UnexpectedNull : ViolationKind.WrongType, expected, Show(value, pointer)));
                    return;
                }
            case "enum" or "const":
                {
                    var segs = Pointer.Split(pointer);
                    var kind = operation == Operations.Error && segs is { Count: 2 } && segs[1] == "code" ? ViolationKind.ErrorKindMismatch : ViolationKind.WrongValue;
                    var expected = kind == ViolationKind.ErrorKindMismatch ? $"{Describe(schema)} for the kind '{segs[0]}'" : Describe(schema);
                    into.Add(new Violation(pointer, value?.ValueKind == JsonValueKind.Null ? ViolationKind.UnexpectedNull : kind, expected, Show(value, pointer)));
                    return;
                }
            case "not":
                {
                    var kind = operation == Operations.Error ? ViolationKind.ErrorKindMismatch : ViolationKind.WrongValue;
                    var excluded = schema?["not"]?["enum"] is JsonArray { Count: > 0 } ex ? $"a value other than {string.Join(", ", ex.Select(FormatValue))}" : "a value the schema allows";
                    if (kind == ViolationKind.ErrorKindMismatch) excluded += " (those codes have their own kind)";
                    into.Add(new Violation(pointer, kind, excluded, Show(value, pointer)));
                    return;
                }
            case "format" or "pattern":
                into.Add(new Violation(pointer, ViolationKind.WrongFormat, Describe(schema, keyword == "pattern"), Show(value, pointer)));
                return;
            case "maxLength":
                into.Add(new Violation(pointer, ViolationKind.WrongValue, $"at most {schema?["maxLength"]} characters", Show(value, pointer)));
                return;
            case "minLength":
                into.Add(new Violation(pointer, ViolationKind.WrongValue, $"at least {schema?["minLength"]} characters", Show(value, pointer)));
                return;
            case "minimum":
                into.Add(new Violation(pointer, ViolationKind.WrongValue, $"at least {schema?["minimum"]}", Show(value, pointer)));
                return;
            case "maximum":
                into.Add(new Violation(pointer, ViolationKind.WrongValue, $"at most {schema?["maximum"]}", Show(value, pointer)));
                return;
            case "minProperties" or "maxProperties":
                {
                    var kind = operation == Operations.Error ? ViolationKind.ErrorKindMismatch : ViolationKind.WrongValue;
                    var what = operation == Operations.Error ? "exactly one error kind" : $"between {schema?["minProperties"]} and {schema?["maxProperties"]} properties";
                    into.Add(new Violation(pointer, kind, what, Show(value, pointer)));
                    return;
                }
            default:
                into.Add(new Violation(pointer, ViolationKind.Other, $"{Describe(schema)} ({keyword})", Show(value, pointer)));
                return;
        }
    }

    private static IReadOnlyList<JsonNode?> EnumOf(JsonObject? s) => s?["enum"] as JsonArray is { } a ? a.ToList() : [];

    private static bool Has(IReadOnlyList<JsonNode?> values, object v) => values.Any(x => x is JsonValue jv && v switch
    {
        bool b => jv.GetValueKind() == (b ? JsonValueKind.True : JsonValueKind.False),
        string str => jv.GetValueKind() == JsonValueKind.String && jv.GetValue<string>() == str,
        _ => false,
    });

    /// <summary>A short description of what a schema accepts ("a uuid", "one of [\"SOFT\", \"HARD\"]", "a string or null"...).</summary>
    private static string Describe(JsonObject? s, bool patternFailed = false)
    {
        if (s is null) return "a value the schema allows";
        var values = EnumOf(s);
        var types = TypesOf(s);
        if (values.Count == 1 && Has(values, "")) return "an empty string";
        if (Has(values, true) && Has(values, false) && Has(values, "True"))
            return "a boolean, or a string Nova reads as one (True, false, 1, off...)" + (Has(values, "auto") ? ", or \"auto\"" : "");
        if (values.Count > 0) return $"one of [{string.Join(", ", values.Select(FormatValue))}]";
        var format = (s["format"] as JsonValue)?.GetValue<string>() switch
        {
            "uuid" => "a uuid (8-4-4-4-12 hex)",
            "date-time" => "an ISO 8601 date-time such as 2024-05-01T10:20:30Z",
            "ipv4" => "an IPv4 address",
            "ipv6" => "an IPv6 address",
            "uri" => "an absolute URI",
            _ => null,
        };
        if (format is not null) return types.Contains("null") ? format + " or null" : format;
        if (s["pattern"] is JsonValue pattern && patternFailed)
        {
            return pattern.GetValue<string>() switch
            {
                ValueKind.TimestampPattern => "a timestamp such as 2024-05-01T10:20:30.000000",
                ValueKind.UuidPattern => "a lower-case uuid (8-4-4-4-12 hex)",
                var p => $"a string matching {p}",
            };
        }
        if (s["anyOf"] is JsonArray alternatives && (types.Count == 0 || types.SequenceEqual(["string"])))
            return string.Join(" or ", alternatives.Select(a => Describe(a as JsonObject)));
        var names = new List<string>();
        foreach (var (type, name) in new[] { ("object", "an object"), ("array", "an array"), ("string", "a string"), ("integer", "an integer"), ("number", "a number"), ("boolean", "a boolean"), ("null", "null") })
            if (types.Contains(type)) names.Add(name);
        if (names.Count == 0 && s["maxLength"] is JsonValue ml && ml.GetValue<int>() == 0) return "an empty string";
        return names.Count == 0 ? "a value the schema allows" : string.Join(" or ", names);
    }

    private static string FormatValue(JsonNode? v) => v is null ? "null" : v.ToJsonString(PlainJson);

    private static readonly JsonSerializerOptions PlainJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex("pass|secret|token", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    /// <summary>
    /// The actual value, short: scalars as JSON (strings under a secret-looking name masked), objects
    /// by their keys and arrays by their length, so that no nested secret can leak into a report.
    /// </summary>
    private static string Show(JsonElement? value, string pointer)
    {
        if (value is not { } v) return "missing";
        var last = Pointer.Split(pointer).LastOrDefault() ?? "";
        switch (v.ValueKind)
        {
            case JsonValueKind.Object:
                var props = v.EnumerateObject().Select(p => p.Name).ToList();
                var keys = string.Join(", ", props.Take(8));
                return props.Count == 0 ? "an empty object" : $"an object with {keys}{(props.Count > 8 ? ", ..." : "")}";
            case JsonValueKind.Array:
                var n = v.GetArrayLength();
                return n == 0 ? "an empty array" : $"an array of {n} item{(n == 1 ? "" : "s")}";
            case JsonValueKind.String when SecretName().IsMatch(last):
                return "\"***\" (secret, masked)";
            default:
                var text = JsonSerializer.Serialize(v, PlainJson);
                return text.Length > 120 ? text[..117] + "..." : text;
        }
    }

    [GeneratedRegex("(\"[^\"]*(?:pass|secret|token)[^\"]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretMember();

    /// <summary>The start of a raw body, with "…pass…": "value" members masked.</summary>
    private static string Snippet(string text)
    {
        var t = SecretMember().Replace(text.Trim().ReplaceLineEndings(" "), "$1\"***\"");
        return t.Length > 80 ? t[..77] + "..." : t;
    }
}
