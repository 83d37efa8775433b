using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConformanceKit.Simulator.Validation;

/// <summary>
/// The subset of JSON Schema draft 4 that Nova's request schemas use, evaluated the way Nova does
/// (jsonschema's first error, turned into "Invalid input for field/attribute X. Value: V. reason").
/// Keywords are checked in the order Nova's schemas list them: type, enum, properties, required,
/// additionalProperties, string and number bounds, format, oneOf.
/// </summary>
public sealed record Schema
{
    public string[]? Type { get; init; }
    public JsonNode?[]? Enum { get; init; }
    public IReadOnlyList<(string Name, Schema Schema)>? Properties { get; init; }
    public IReadOnlyList<(string Pattern, Schema Schema)>? PatternProperties { get; init; }
    public string[]? Required { get; init; }
    public bool? AdditionalProperties { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    public double? Minimum { get; init; }
    public string? Format { get; init; }
    public Schema[]? OneOf { get; init; }

    public static Schema Object(IReadOnlyList<(string, Schema)> properties, string[]? required = null, bool additional = false, bool nullable = false) => new()
    {
        Type = nullable ? ["object", "null"] : ["object"],
        Properties = properties,
        Required = required,
        AdditionalProperties = additional,
    };

    /// <summary>The body schema of an action: {"name": inner}, required, nothing else.</summary>
    public static Schema Action(string name, Schema inner) => Object([(name, inner)], [name]);

    public Schema With(string property, Schema schema) => this with
    {
        Properties = [.. (Properties ?? []).Where(p => p.Name != property), (property, schema)],
    };

    public Schema Without(string property) => this with
    {
        Properties = (Properties ?? []).Where(p => p.Name != property).ToList(),
        Required = Required?.Where(r => r != property).ToArray(),
    };
}

/// <summary>A schema violation, with Nova's message.</summary>
public sealed class SchemaViolation(string message) : Exception(message);

/// <summary>Evaluates <see cref="Schema"/>s and phrases the first violation as Nova does.</summary>
public static class SchemaValidator
{
    private sealed record Error(List<object> Path, JsonNode? Instance, string Message, string? Detail = null);

    /// <summary>Throws <see cref="SchemaViolation"/> with Nova's message when <paramref name="body"/> breaks <paramref name="schema"/>.</summary>
    public static void Validate(Schema schema, JsonNode? body)
    {
        var error = FirstError(schema, body, []);
        if (error is null) return;
        if (error.Detail is not null) throw new SchemaViolation(error.Detail);
        if (error.Path.Count > 0)
            throw new SchemaViolation(
                $"Invalid input for field/attribute {PyStr(error.Path[^1])}. Value: {PyStr(error.Instance)}. {error.Message}");
        throw new SchemaViolation(error.Message);
    }

    private static Error? FirstError(Schema s, JsonNode? node, List<object> path)
    {
        if (s.Type is { } types && !types.Any(t => IsType(node, t)))
            return new Error(path, node, $"{PyRepr(node)} is not of type {string.Join(", ", types.Select(t => $"'{t}'"))}");
        if (s.Enum is { } values && !values.Any(v => JsonEquals(v, node)))
            return new Error(path, node, $"{PyRepr(node)} is not one of [{string.Join(", ", values.Select(PyRepr))}]");
        if (node is JsonObject obj)
        {
            foreach (var (name, sub) in s.Properties ?? [])
                if (obj.TryGetPropertyValue(name, out var child) && FirstError(sub, child, [.. path, name]) is { } e) return e;
            foreach (var (pattern, sub) in s.PatternProperties ?? [])
                foreach (var (key, child) in obj)
                    if (Regex.IsMatch(key, pattern) && FirstError(sub, child, [.. path, key]) is { } e) return e;
            foreach (var name in s.Required ?? [])
                if (!obj.ContainsKey(name)) return new Error(path, node, $"'{name}' is a required property");
            if (s.AdditionalProperties == false)
            {
                var extra = obj.Select(p => p.Key)
                    .Where(k => !(s.Properties ?? []).Any(p => p.Name == k) && !(s.PatternProperties ?? []).Any(p => Regex.IsMatch(k, p.Pattern)))
                    .ToList();
                if (extra.Count > 0)
                    return new Error(path, node, extra.Count == 1
                        ? $"Additional properties are not allowed ('{extra[0]}' was unexpected)"
                        : $"Additional properties are not allowed ({string.Join(", ", extra.Select(x => $"'{x}'"))} were unexpected)");
            }
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var str = v.GetValue<string>();
            var length = str.EnumerateRunes().Count();
            if (s.MinLength is { } min && length < min) return new Error(path, node, $"{PyRepr(node)} is too short");
            if (s.MaxLength is { } max && length > max) return new Error(path, node, $"{PyRepr(node)} is too long");
            if (s.Pattern is { } p && !Regex.IsMatch(str, p)) return new Error(path, node, $"{PyRepr(node)} does not match '{p}'");
            if (s.Format is { } f && FormatError(f, str) is { } fe) return new Error(path, node, fe.Message, fe.Detail);
        }
        if (s.Minimum is { } minimum && NumberOf(node) is { } number && number < minimum)
            return new Error(path, node, $"{PyNumber(number)} is less than the minimum of {PyNumber(minimum)}");
        if (s.OneOf is { } alternatives)
        {
            var matches = alternatives.Count(a => FirstError(a, node, path) is null);
            if (matches == 0) return new Error(path, node, $"{PyRepr(node)} is not valid under any of the given schemas");
            if (matches > 1) return new Error(path, node, $"{PyRepr(node)} is valid under each of {string.Join(", ", alternatives.Select(_ => "{...}"))}");
        }
        return null;
    }

    private static (string Message, string? Detail)? FormatError(string format, string value) => format switch
    {
        "uuid" => Guid.TryParse(value.Replace("urn:uuid:", "", StringComparison.OrdinalIgnoreCase), out _)
            ? null : ($"'{value}' is not a 'uuid'", null),
        "name" => value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || value.Any(char.IsControl)
            ? ($"'{value}' is not a 'name'",
               "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.")
            : null,
        "ipv4" => IPAddress.TryParse(value, out var a4) && a4.AddressFamily == AddressFamily.InterNetwork && value.Count(c => c == '.') == 3
            ? null : ($"'{value}' is not a 'ipv4'", null),
        "ipv6" => IPAddress.TryParse(value, out var a6) && a6.AddressFamily == AddressFamily.InterNetworkV6
            ? null : ($"'{value}' is not a 'ipv6'", null),
        _ => null,
    };

    private static bool IsType(JsonNode? node, string type) => type switch
    {
        "null" => node is null,
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && IsIntegerLiteral(v),
        _ => false,
    };

    private static bool IsIntegerLiteral(JsonValue v)
    {
        var raw = v.ToJsonString();
        return !raw.Contains('.') && !raw.Contains('e') && !raw.Contains('E');
    }

    /// <summary>Nova's minimum check also reads numbers written as strings ("5").</summary>
    private static double? NumberOf(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        return v.GetValueKind() switch
        {
            JsonValueKind.Number => v.GetValue<double>(),
            JsonValueKind.String when double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    private static bool JsonEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is JsonValue va && b is JsonValue vb && va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
            return va.GetValue<double>() == vb.GetValue<double>();
        return JsonNode.DeepEquals(a, b);
    }

    /// <summary>Python's repr() of a decoded JSON value ('x', None, True, {'k': 1}).</summary>
    public static string PyRepr(JsonNode? node) => node switch
    {
        null => "None",
        JsonObject o => "{" + string.Join(", ", o.Select(p => $"{PyQuote(p.Key)}: {PyRepr(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(PyRepr)) + "]",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => PyQuote(v.GetValue<string>()),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.Number => IsIntegerLiteral(v) ? v.ToJsonString() : PyNumber(v.GetValue<double>()),
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    /// <summary>Python's str(): like repr, but a bare string is not quoted.</summary>
    private static string PyStr(object? value) => value switch
    {
        string s => s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonNode n => PyRepr(n),
        null => "None",
        _ => value.ToString() ?? "",
    };

    private static string PyNumber(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e15
        ? d.ToString("0", CultureInfo.InvariantCulture)
        : d.ToString("R", CultureInfo.InvariantCulture);

    private static string PyQuote(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            if (c == quote || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\t') sb.Append("\\t");
            else sb.Append(c);
        }
        return sb.Append(quote).ToString();
    }
}
