using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ConformanceKit.Contracts.Validation;

/// <summary>
/// The JSON Schema "format" checks as Nova defines them (nova/api/validation/validators.py, the
/// FormatChecker Nova validates its requests and responses with), for JsonSchema.Net. Both the kit's
/// schemas and Nova's imported schemas are judged with these, so a format means the same on both sides:
/// <list type="bullet">
/// <item>uuid: oslo_utils.uuidutils.is_uuid_like (upper case, no dashes, braces and urn:uuid: accepted);</item>
/// <item>date-time: oslo_utils.timeutils.parse_isotime, i.e. iso8601.parse_date (a zone is optional,
///   a date alone is accepted, the separator may be a space);</item>
/// <item>uri: rfc3986 with scheme and host required; ipv4 and ipv6 as Python's ipaddress;</item>
/// <item>formats Nova's checker does not know (mac-address, url, string...) check nothing, as in jsonschema.</item>
/// </list>
/// Format checks constrain strings only: any other JSON type passes the check (as in Nova).
/// </summary>
public static partial class NovaFormats
{
    /// <summary>The formats this class implements with Nova's meaning.</summary>
    public static IReadOnlyList<string> Known { get; } = ["uuid", "date-time", "uri", "ipv4", "ipv6", "cidr", "regex", "base64", "name", "name_with_leading_trailing_spaces", "az_name", "az_name_with_leading_trailing_spaces"];

    private static readonly Lazy<FormatRegistry> LazyRegistry = new(Build);

    /// <summary>A format registry with Nova's formats (pass it as EvaluationOptions.FormatRegistry).</summary>
    public static FormatRegistry Registry => LazyRegistry.Value;

    /// <summary>The evaluation options the kit validates with: hierarchical output, formats asserted with Nova's meaning.</summary>
    public static EvaluationOptions Options(OutputFormat output = OutputFormat.Hierarchical) => new()
    {
        OutputFormat = output,
        RequireFormatValidation = true,
        FormatRegistry = Registry,
    };

    private static FormatRegistry Build()
    {
        var r = new FormatRegistry();
        void Add(string key, Func<string, bool> check) =>
            r.Register(new PredicateFormat(key, e => e.ValueKind != JsonValueKind.String || check(e.GetString()!)));
        Add("uuid", IsUuidLike);
        Add("date-time", IsIsoTime);
        Add("uri", IsUri);
        Add("ipv4", IsIpv4);
        Add("ipv6", IsIpv6);
        Add("cidr", IsCidr);
        Add("regex", s => { if (s.Length == 0) return false; try { _ = new Regex(s); return true; } catch (ArgumentException) { return false; } });
        Add("base64", IsBase64);
        // parameter_types.valid_name_regex: no leading or trailing white space, printable characters.
        Add("name", s => s.Length > 0 && !char.IsWhiteSpace(s[0]) && !char.IsWhiteSpace(s[^1]) && s.All(IsPrintable));
        Add("name_with_leading_trailing_spaces", s => s.Length > 0 && s.Any(c => !char.IsWhiteSpace(c)) && s.All(c => IsPrintable(c) || c == ' '));
        Add("az_name", s => s.Length > 0 && !char.IsWhiteSpace(s[0]) && !char.IsWhiteSpace(s[^1]) && s.All(c => IsPrintable(c) && c != ':'));
        Add("az_name_with_leading_trailing_spaces", s => s.Length > 0 && s.Any(c => !char.IsWhiteSpace(c)) && s.All(c => (IsPrintable(c) || c == ' ') && c != ':'));
        foreach (var unknown in new[] { "mac-address", "url", "string", "date", "time", "hostname", "email" })
            r.Register(new PredicateFormat(unknown, _ => true));
        return r;
    }

    private static bool IsPrintable(char c) => !char.IsControl(c) && c != '\u00A0' && (c == ' ' || !char.IsWhiteSpace(c));

    /// <summary>oslo_utils.uuidutils.is_uuid_like: what uuid.UUID() parses (any case, dashes and braces optional).</summary>
    public static bool IsUuidLike(string value)
    {
        var hex = value.Replace("urn:", "", StringComparison.Ordinal).Replace("uuid:", "", StringComparison.Ordinal)
            .Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return hex.Length == 32 && hex.All(Uri.IsHexDigit);
    }

    // iso8601 1.0's ISO8601_REGEX (re.match, so anchored at the start; $ may precede a final newline as in Python).
    [GeneratedRegex(@"^(?<year>[0-9]{4})(((-(?<monthdash>[0-9]{1,2}))|(?<month>[0-9]{2})(?!$))(((-(?<daydash>[0-9]{1,2}))|(?<day>[0-9]{2}))(((?<separator>[ T])(?<hour>[0-9]{2})(:{0,1}(?<minute>[0-9]{2})){0,1}(:{0,1}(?<second>[0-9]{1,2})([.,](?<second_fraction>[0-9]+)){0,1}){0,1}(?<timezone>Z|((?<tz_sign>[-+])(?<tz_hour>[0-9]{2}):{0,1}(?<tz_minute>[0-9]{2}){0,1})){0,1}){0,1})){0,1}){0,1}$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();

    /// <summary>oslo_utils.timeutils.parse_isotime (iso8601.parse_date): the regex, then a real calendar date and time.</summary>
    public static bool IsIsoTime(string value)
    {
        var m = Iso8601().Match(value);
        if (!m.Success) return false;
        int Get(string name, int fallback) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        var year = Get("year", 0);
        var month = m.Groups["monthdash"].Success ? Get("monthdash", 1) : Get("month", 1);
        var day = m.Groups["daydash"].Success ? Get("daydash", 1) : Get("day", 1);
        var hour = Get("hour", 0);
        var minute = Get("minute", 0);
        var second = Get("second", 0);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        if (hour > 23 || minute > 59 || second > 59) return false;
        if (m.Groups["tz_sign"].Success && (Get("tz_hour", 0) * 60 + Get("tz_minute", 0)) >= 24 * 60) return false;
        return true;
    }

    /// <summary>rfc3986's validator with scheme and host required and the components checked.</summary>
    public static bool IsUri(string value) =>
        UriScheme().IsMatch(value) && System.Uri.TryCreate(value, UriKind.Absolute, out var u) && !string.IsNullOrEmpty(u.Host)
        && !value.Any(char.IsWhiteSpace);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]", RegexOptions.CultureInvariant)]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Re();

    /// <summary>Python's ipaddress.IPv4Address: four decimal octets, no leading zeros.</summary>
    public static bool IsIpv4(string value) => Ipv4Re().IsMatch(value);

    /// <summary>Python's ipaddress.IPv6Address (a scope id after % is accepted).</summary>
    public static bool IsIpv6(string value)
    {
        var addr = value.Split('%', 2)[0];
        if (addr.Length == 0 || !addr.Contains(':') || addr.Any(c => !(Uri.IsHexDigit(c) || c is ':' or '.'))) return false;
        return IPAddress.TryParse(addr, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <summary>netaddr.IPNetwork with a '/' and no white space.</summary>
    public static bool IsCidr(string value)
    {
        if (value.Any(char.IsWhiteSpace)) return false;
        var parts = value.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)) return false;
        return (IsIpv4(parts[0]) && prefix <= 32) || (IsIpv6(parts[0]) && prefix <= 128);
    }

    /// <summary>oslo_serialization.base64.decode_as_bytes (binascii, not strict: padding and alphabet checked).</summary>
    public static bool IsBase64(string value)
    {
        try { _ = Convert.FromBase64String(value); return true; }
        catch (FormatException) { return false; }
    }
}
