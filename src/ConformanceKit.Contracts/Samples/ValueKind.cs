using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConformanceKit.Contracts.Samples;

/// <summary>
/// What a variable part of a sample stands for (a uuid, a timestamp, an address...): the JSON Schema
/// fragment that accepts it, and an example value used when a sample is turned into a concrete body.
/// The placeholder vocabulary (Refinements/placeholders.json) maps Nova's placeholder names onto these kinds.
/// </summary>
public sealed class ValueKind
{
    public const string UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    /// <summary>RFC 3339 date-time as Nova writes it (utils.isotime: seconds, then Z or an offset).</summary>
    public const string DateTimePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

    /// <summary>A naive timestamp as Nova writes OS-SRV-USG:* (str() of a datetime without zone).</summary>
    public const string TimestampPattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?$";

    public string Name { get; }
    public string Description { get; }
    private readonly Func<JsonObject> _schema;
    public JsonNode? Example { get; }
    /// <summary>True when the value is a JSON string in a body (false for integer and boolean kinds).</summary>
    public bool IsString { get; }
    /// <summary>True when the value is a secret that must never be printed (passwords).</summary>
    public bool IsSecret { get; }

    private ValueKind(string name, string description, Func<JsonObject> schema, JsonNode? example, bool isString = true, bool isSecret = false)
    {
        Name = name;
        Description = description;
        _schema = schema;
        Example = example;
        IsString = isString;
        IsSecret = isSecret;
    }

    /// <summary>A fresh copy of the JSON Schema fragment for this kind.</summary>
    public JsonObject Schema() => _schema();

    private static JsonObject Str(string? format = null, string? pattern = null)
    {
        var o = new JsonObject { ["type"] = "string" };
        if (format is not null) o["format"] = format;
        if (pattern is not null) o["pattern"] = pattern;
        return o;
    }

    public static readonly ValueKind String = new("string", "any string", () => Str(), "text");
    public static readonly ValueKind Secret = new("secret", "a password (never printed)", () => Str(), "Sekr1tPass", isSecret: true);
    // The formats mean what Nova's validator means (ContractValidator judges with NovaFormats): a uuid is
    // what oslo's is_uuid_like accepts (any case), a date-time what iso8601.parse_date reads (zone optional).
    public static readonly ValueKind Uuid = new("uuid", "a uuid", () => Str("uuid"), "8f4e2c6a-1b3d-4e5f-9a7b-0c1d2e3f4a5b");
    public static readonly ValueKind DateTime = new("date-time", "an ISO 8601 date-time", () => Str("date-time"), "2024-05-01T10:20:30Z");
    public static readonly ValueKind Timestamp = new("timestamp", "a timestamp such as 2024-05-01T10:20:30.000000 (Nova writes it without zone)", () => Str("date-time"), "2024-05-01T10:20:30.000000");
    public static readonly ValueKind Ipv4 = new("ipv4", "an IPv4 address", () => Str("ipv4"), "192.168.1.30");
    public static readonly ValueKind Ipv6 = new("ipv6", "an IPv6 address", () => Str("ipv6"), "fe80::1");
    public static readonly ValueKind Ip = new("ip", "an IPv4 or IPv6 address", () => new JsonObject
    {
        ["type"] = "string",
        ["anyOf"] = new JsonArray(new JsonObject { ["format"] = "ipv4" }, new JsonObject { ["format"] = "ipv6" }),
    }, "10.0.0.5");
    public static readonly ValueKind Uri = new("uri", "an absolute URI", () => Str("uri"), "http://openstack.example.com");
    public static readonly ValueKind HostId = new("hostid", "Nova's hashed host id (hex, empty when the server has no host)", () => Str(null, "^[0-9a-f]*$"), "2091634baaccdc4c5a1d57069c833e402921df696b7f970791b12ec6");
    public static readonly ValueKind RequestId = new("request-id", "a request id req-<uuid>", () => Str(null, "^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"), "req-8f4e2c6a-1b3d-4e5f-9a7b-0c1d2e3f4a5b");
    public static readonly ValueKind ReservationId = new("reservation-id", "a reservation id r-xxxxxxxx", () => Str(null, "^r-[0-9a-zA-Z]{8}$"), "r-3fhpjulh");
    public static readonly ValueKind Mac = new("mac", "a MAC address", () => Str(null, "^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$"), "fa:16:3e:4c:2c:30");
    public static readonly ValueKind MicroversionText = new("microversion", "a microversion such as 2.93", () => Str(null, "^[0-9]+\\.[0-9]+$"), "2.93");
    public static readonly ValueKind Integer = new("integer", "an integer", () => new JsonObject { ["type"] = "integer" }, 1, isString: false);
    public static readonly ValueKind Boolean = new("boolean", "true or false", () => new JsonObject { ["type"] = "boolean" }, false, isString: false);

    /// <summary>What Nova's request validation reads as a boolean (nova/api/validation/parameter_types.py boolean).</summary>
    public static readonly ValueKind BooleanParameter = new("boolean-parameter", "a boolean, or a string Nova reads as one (True, false, 1, off...)", () => new JsonObject
    {
        ["type"] = new JsonArray("boolean", "string"),
        ["enum"] = new JsonArray(true, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
            false, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"),
    }, false, isString: false);

    public static IReadOnlyList<ValueKind> All { get; } =
        [String, Secret, Uuid, DateTime, Timestamp, Ipv4, Ipv6, Ip, Uri, HostId, RequestId, ReservationId, Mac, MicroversionText, Integer, Boolean, BooleanParameter];

    public static ValueKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    public static ValueKind Get(string name) => Find(name)
        ?? throw new FormatException($"'{name}' is not a value kind; known kinds: {string.Join(", ", All.Select(k => k.Name))}.");

    private static readonly Regex UuidRe = new(UuidPattern, RegexOptions.CultureInvariant);
    private static readonly Regex DateTimeRe = new(DateTimePattern, RegexOptions.CultureInvariant);
    private static readonly Regex TimestampRe = new("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}$", RegexOptions.CultureInvariant);
    private static readonly Regex Ipv4Re = new("^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$", RegexOptions.CultureInvariant);
    private static readonly Regex MacRe = new("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", RegexOptions.CultureInvariant);
    private static readonly Regex ReqIdRe = new("^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Guesses the kind of a literal string in a sample (samples from a source tree carry concrete
    /// values instead of placeholders). Only unambiguous shapes are recognised; everything else is a string.
    /// </summary>
    public static ValueKind Sniff(string literal)
    {
        if (UuidRe.IsMatch(literal)) return Uuid;
        if (ReqIdRe.IsMatch(literal)) return RequestId;
        if (DateTimeRe.IsMatch(literal)) return DateTime;
        if (TimestampRe.IsMatch(literal)) return Timestamp;
        if (MacRe.IsMatch(literal)) return Mac;
        if (Ipv4Re.IsMatch(literal)) return Ipv4;
        if ((literal.StartsWith("http://", StringComparison.Ordinal) || literal.StartsWith("https://", StringComparison.Ordinal))
            && System.Uri.TryCreate(literal, UriKind.Absolute, out _)) return Uri;
        return String;
    }

    public override string ToString() => Name;
}
