using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Contracts.Derivation;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Core;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace ConformanceKit.Contracts.Validation;

/// <summary>
/// Validates request and response bodies against the contract schemas: picks the schema by
/// (operation, negotiated microversion), runs NJsonSchema, and reports each violation as a JSON
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
        if (!TryParse(json!, out var token, out var parseError))
            return Result(operation, microversion, entry.File, [new Violation("", ViolationKind.NotJson, "a JSON body", $"{Snippet(json!)} ({parseError})")], notes);

        var violations = Check(entry, token!, operation);
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
        if (string.IsNullOrWhiteSpace(json) || !TryParse(json, out var token, out _) || token is not JObject obj)
            return Validate(Operations.Error, microversion, json);

        if (httpStatus == 401 && obj.Count == 1 && obj["error"] is JObject)
            return Validate(Operations.KeystoneError, microversion, json);
        if (obj["title"] is not null && obj["code"]?.Type == JTokenType.String)
        {
            var webob = Validate(Operations.WebobError, microversion, json);
            if (httpStatus is 404 or 405) return webob;
            return webob with { Violations = [.. webob.Violations, new Violation("", ViolationKind.ErrorKindMismatch, "webob's JSON error only for an unknown route (404 or 405)", $"HTTP {httpStatus}")] };
        }

        var result = Validate(Operations.Error, microversion, json);
        var extra = new List<Violation>();
        if (obj.Count == 1 && obj.Properties().First() is { Value: JObject fault } kind
            && fault["code"] is { Type: JTokenType.Integer } code && code.Value<int>() != httpStatus)
        {
            extra.Add(new Violation($"/{Pointer.Escape(kind.Name)}/code", ViolationKind.ErrorKindMismatch,
                $"{httpStatus} (the HTTP status)", code.ToString(Formatting.None)));
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

    private static bool TryParse(string json, out JToken? token, out string? error)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            token = JToken.ReadFrom(reader);
            while (reader.Read())
                if (reader.TokenType != JsonToken.Comment) throw new JsonReaderException("additional text after the JSON value");
            error = null;
            return true;
        }
        catch (JsonReaderException e)
        {
            token = null;
            error = e.Message;
            return false;
        }
    }

    private static List<Violation> Check(SchemaEntry entry, JToken token, string operation)
    {
        var errors = entry.Schema.Validate(token);
        var list = new List<Violation>();
        foreach (var e in errors) Flatten(e, list, operation);
        return list.DistinctBy(v => (v.Pointer, v.Kind, v.Expected)).OrderBy(v => v.Pointer, StringComparer.Ordinal).ToList();
    }

    private static void Flatten(ValidationError e, List<Violation> into, string operation)
    {
        var token = e.Token;
        switch (e)
        {
            case MultiTypeValidationError multi:
                {
                    var actual = TypeOf(token is JProperty p ? p.Value : token);
                    var match = multi.Errors.FirstOrDefault(kv => kv.Key == actual || (kv.Key == JsonObjectType.Number && actual == JsonObjectType.Integer));
                    var children = match.Value?.Where(c => c.Kind is not (ValidationErrorKind.NullExpected or ValidationErrorKind.StringExpected
                        or ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected or ValidationErrorKind.BooleanExpected
                        or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected)).ToList();
                    if (children is { Count: > 0 }) { foreach (var c in children) Flatten(c, into, operation); return; }
                    into.Add(TypeViolation(e, multi.Schema));
                    return;
                }
            case ChildSchemaValidationError child when e.Kind is ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf:
                {
                    var value = token is JProperty p ? p.Value : token;
                    var actual = TypeOf(value);
                    // Follow the branch made for this JSON type when there is exactly one (object or "" for image).
                    var typed = child.Errors.Where(kv => kv.Key.ActualSchema.Type != JsonObjectType.None && kv.Key.ActualSchema.Type.HasFlag(actual)).ToList();
                    if (typed.Count == 1 && actual is JsonObjectType.Object or JsonObjectType.Array)
                    {
                        foreach (var c in typed[0].Value) Flatten(c, into, operation);
                        return;
                    }
                    var expected = string.Join(" or ", child.Errors.Keys.Select(k => Describe(k.ActualSchema)).Distinct());
                    into.Add(new Violation(PointerOf(token), value?.Type == JTokenType.Null ? ViolationKind.UnexpectedNull : ViolationKind.WrongFormat, expected, Show(value, PointerOf(token))));
                    return;
                }
            case ChildSchemaValidationError child:
                foreach (var c in child.Errors.SelectMany(kv => kv.Value)) Flatten(c, into, operation);
                return;
        }

        var schema = e.Schema?.ActualSchema;
        var pointer = PointerOf(token);
        var valueToken = token is JProperty jp ? jp.Value : token;
        switch (e.Kind)
        {
            case ValidationErrorKind.PropertyRequired:
                {
                    var ptr = pointer + "/" + Pointer.Escape(e.Property ?? "?");
                    var required = schema?.Properties.TryGetValue(e.Property ?? "", out var ps) == true ? $" ({Describe(ps.ActualSchema)})" : "";
                    into.Add(new Violation(ptr, ViolationKind.Missing, $"the required property '{e.Property}'{required}", "missing"));
                    return;
                }
            case ValidationErrorKind.NoAdditionalPropertiesAllowed:
                {
                    var name = token is JProperty prop ? prop.Name : e.Property ?? "?";
                    var ptr = token is JProperty ? pointer : pointer + "/" + Pointer.Escape(name);
                    var depth = Pointer.Split(ptr).Count;
                    if (operation == Operations.Error && depth == 1)
                    {
                        into.Add(new Violation(ptr, ViolationKind.ErrorKindMismatch, "one of Nova's error kinds (badRequest, forbidden, itemNotFound, conflictingRequest, badMediaType, computeFault...)", $"'{name}'"));
                        return;
                    }
                    into.Add(new Violation(ptr, ViolationKind.Extra, "no such property (not part of Nova's shape here)", Show(valueToken, ptr)));
                    return;
                }
            case ValidationErrorKind.StringExpected or ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected
                or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
                or ValidationErrorKind.NullExpected or ValidationErrorKind.NoTypeValidates:
                into.Add(TypeViolation(e, schema));
                return;
            case ValidationErrorKind.NotInEnumeration:
                {
                    var kind = operation == Operations.Error && Pointer.Split(pointer) is { Count: 2 } seg && seg[1] == "code"
                        ? ViolationKind.ErrorKindMismatch : ViolationKind.WrongValue;
                    var expected = kind == ViolationKind.ErrorKindMismatch
                        ? $"{Describe(schema)} for the kind '{Pointer.Split(pointer)[0]}'"
                        : Describe(schema);
                    into.Add(new Violation(pointer, valueToken?.Type == JTokenType.Null ? ViolationKind.UnexpectedNull : kind, expected, Show(valueToken, pointer)));
                    return;
                }
            case ValidationErrorKind.ExcludedSchemaValidates:
                {
                    var kind = operation == Operations.Error ? ViolationKind.ErrorKindMismatch : ViolationKind.WrongValue;
                    var excluded = schema?.Not?.ActualSchema.Enumeration is { Count: > 0 } ex ? $"a value other than {string.Join(", ", ex.Select(FormatValue))}" : "a value the schema allows";
                    if (kind == ViolationKind.ErrorKindMismatch) excluded += $" (those codes have their own kind)";
                    into.Add(new Violation(pointer, kind, excluded, Show(valueToken, pointer)));
                    return;
                }
            case ValidationErrorKind.PatternMismatch or ValidationErrorKind.DateTimeExpected or ValidationErrorKind.DateExpected
                or ValidationErrorKind.TimeExpected or ValidationErrorKind.GuidExpected or ValidationErrorKind.UuidExpected
                or ValidationErrorKind.IpV4Expected or ValidationErrorKind.IpV6Expected or ValidationErrorKind.UriExpected
                or ValidationErrorKind.HostnameExpected or ValidationErrorKind.EmailExpected or ValidationErrorKind.Base64Expected:
                into.Add(new Violation(pointer, ViolationKind.WrongFormat, Describe(schema, e.Kind), Show(valueToken, pointer)));
                return;
            case ValidationErrorKind.StringTooLong:
                into.Add(new Violation(pointer, ViolationKind.WrongValue, $"at most {schema?.MaxLength} characters", Show(valueToken, pointer)));
                return;
            case ValidationErrorKind.StringTooShort:
                into.Add(new Violation(pointer, ViolationKind.WrongValue, $"at least {schema?.MinLength} characters", Show(valueToken, pointer)));
                return;
            case ValidationErrorKind.NumberTooSmall:
                into.Add(new Violation(pointer, ViolationKind.WrongValue, $"at least {schema?.Minimum?.ToString(CultureInfo.InvariantCulture)}", Show(valueToken, pointer)));
                return;
            case ValidationErrorKind.NumberTooBig:
                into.Add(new Violation(pointer, ViolationKind.WrongValue, $"at most {schema?.Maximum?.ToString(CultureInfo.InvariantCulture)}", Show(valueToken, pointer)));
                return;
            case ValidationErrorKind.TooFewProperties or ValidationErrorKind.TooManyProperties:
                {
                    var kind = operation == Operations.Error ? ViolationKind.ErrorKindMismatch : ViolationKind.WrongValue;
                    var what = operation == Operations.Error ? "exactly one error kind" : $"between {schema?.MinProperties} and {schema?.MaxProperties} properties";
                    into.Add(new Violation(pointer, kind, what, Show(valueToken, pointer)));
                    return;
                }
            default:
                into.Add(new Violation(pointer, ViolationKind.Other, $"{Describe(schema)} ({e.Kind})", Show(valueToken, pointer)));
                return;
        }
    }

    private static Violation TypeViolation(ValidationError e, JsonSchema? schema)
    {
        var token = e.Token is JProperty p ? p.Value : e.Token;
        var pointer = PointerOf(e.Token);
        var kind = token?.Type == JTokenType.Null ? ViolationKind.UnexpectedNull : ViolationKind.WrongType;
        var expected = kind == ViolationKind.UnexpectedNull ? $"{Describe(schema?.ActualSchema)} (null is not allowed here)" : Describe(schema?.ActualSchema);
        return new Violation(pointer, kind, expected, Show(token, pointer));
    }

    private static JsonObjectType TypeOf(JToken? t) => t?.Type switch
    {
        JTokenType.Object => JsonObjectType.Object,
        JTokenType.Array => JsonObjectType.Array,
        JTokenType.Integer => JsonObjectType.Integer,
        JTokenType.Float => JsonObjectType.Number,
        JTokenType.String => JsonObjectType.String,
        JTokenType.Boolean => JsonObjectType.Boolean,
        JTokenType.Null => JsonObjectType.Null,
        _ => JsonObjectType.None,
    };

    /// <summary>A short description of what a schema accepts ("a uuid", "one of [\"SOFT\", \"HARD\"]", "a string or null"...).</summary>
    private static string Describe(JsonSchema? s, ValidationErrorKind? failed = null)
    {
        if (s is null) return "a value the schema allows";
        if (s.Enumeration.Count == 1 && s.Enumeration.First() is "") return "an empty string";
        if (s.Enumeration.Contains(true) && s.Enumeration.Contains(false) && s.Enumeration.Contains("True"))
            return "a boolean, or a string Nova reads as one (True, false, 1, off...)" + (s.Enumeration.Contains("auto") ? ", or \"auto\"" : "");
        if (s.Enumeration.Count > 0) return $"one of [{string.Join(", ", s.Enumeration.Select(FormatValue))}]";
        var format = s.Format switch
        {
            "uuid" => "a uuid (lower-case, 8-4-4-4-12 hex)",
            "date-time" => "an RFC 3339 date-time such as 2024-05-01T10:20:30Z",
            "ipv4" => "an IPv4 address",
            "ipv6" => "an IPv6 address",
            "uri" => "an absolute URI",
            _ => null,
        };
        if (format is not null) return s.Type.HasFlag(JsonObjectType.Null) ? format + " or null" : format;
        if (s.Pattern is not null && failed == ValidationErrorKind.PatternMismatch)
        {
            return s.Pattern switch
            {
                ValueKind.TimestampPattern => "a timestamp such as 2024-05-01T10:20:30.000000",
                _ => $"a string matching {s.Pattern}",
            };
        }
        if (s.AnyOf.Count > 0 && s.Type is JsonObjectType.None or JsonObjectType.String)
        {
            return string.Join(" or ", s.AnyOf.Select(a => Describe(a.ActualSchema)));
        }
        var types = new List<string>();
        foreach (var (flag, name) in new[] { (JsonObjectType.Object, "an object"), (JsonObjectType.Array, "an array"), (JsonObjectType.String, "a string"),
                     (JsonObjectType.Integer, "an integer"), (JsonObjectType.Number, "a number"), (JsonObjectType.Boolean, "a boolean"), (JsonObjectType.Null, "null") })
            if (s.Type.HasFlag(flag)) types.Add(name);
        if (types.Count == 0 && s.MaxLength == 0) return "an empty string";
        return types.Count == 0 ? "a value the schema allows" : string.Join(" or ", types);
    }

    private static string FormatValue(object? v) => v switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    [GeneratedRegex("pass|secret|token", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    /// <summary>
    /// The actual value, short: scalars as JSON (strings under a secret-looking name masked), objects
    /// by their keys and arrays by their length, so that no nested secret can leak into a report.
    /// </summary>
    private static string Show(JToken? value, string pointer)
    {
        if (value is null) return "missing";
        var last = Pointer.Split(pointer).LastOrDefault() ?? "";
        switch (value)
        {
            case JObject o:
                var keys = string.Join(", ", o.Properties().Take(8).Select(p => p.Name));
                return o.Count == 0 ? "an empty object" : $"an object with {keys}{(o.Count > 8 ? ", ..." : "")}";
            case JArray a:
                return a.Count == 0 ? "an empty array" : $"an array of {a.Count} item{(a.Count == 1 ? "" : "s")}";
            case JValue { Type: JTokenType.String } when SecretName().IsMatch(last):
                return "\"***\" (secret, masked)";
            default:
                var text = value.ToString(Formatting.None);
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

    /// <summary>The JSON Pointer of a token (a property's pointer for a JProperty).</summary>
    public static string PointerOf(JToken? token)
    {
        var parts = new List<string>();
        var t = token;
        while (t is not null)
        {
            switch (t)
            {
                case JProperty p:
                    parts.Add(Pointer.Escape(p.Name));
                    t = p.Parent;
                    continue;
                case var x when x.Parent is JArray arr:
                    parts.Add(arr.IndexOf(x).ToString(CultureInfo.InvariantCulture));
                    t = arr;
                    continue;
                case var x when x.Parent is JProperty:
                    t = x.Parent;
                    continue;
                default:
                    t = null;
                    break;
            }
        }
        parts.Reverse();
        return parts.Count == 0 ? "" : "/" + string.Join("/", parts);
    }
}
