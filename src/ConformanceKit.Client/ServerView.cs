using System.Text.Json.Nodes;

namespace ConformanceKit.Client;

/// <summary>The fields of a server the kit asserts on, read from GET /servers/{id}.</summary>
public sealed record ServerView(
    string Id,
    string? Name,
    string Status,
    string? TaskState,
    string? VmState,
    int? PowerState,
    bool? Locked,
    string? LockedReason,
    bool HasLockedReason,
    string? Host,
    string? FlavorKey,
    string? ImageId,
    string? FaultMessage,
    IReadOnlyList<string> SecurityGroups,
    IReadOnlyList<string> AddressTypes,
    JsonObject Raw)
{
    /// <summary>
    /// The fields an action could have touched that differ from <paramref name="before"/> (vm_state, power_state, locked,
    /// host, flavor, image), each as "field old -> new"; empty when none does. Both views must be read alike (same
    /// identity, same microversion).
    /// </summary>
    public IReadOnlyList<string> ChangesSince(ServerView before) => new[]
    {
        ("vm_state", before.VmState, VmState),
        ("power_state", before.PowerState?.ToString(System.Globalization.CultureInfo.InvariantCulture), PowerState?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("locked", before.Locked?.ToString(), Locked?.ToString()),
        ("host", before.Host, Host),
        ("flavor", before.FlavorKey, FlavorKey),
        ("image", before.ImageId, ImageId),
    }.Where(f => f.Item2 != f.Item3).Select(f => $"{f.Item1} {f.Item2 ?? "null"} -> {f.Item3 ?? "null"}").ToList();

    public static ServerView From(JsonNode? body)
    {
        var s = body?["server"] as JsonObject ?? throw new FormatException("the body has no 'server' object");
        string? S(string key) => s[key] is JsonValue v && v.TryGetValue<string>(out var x) ? x : null;
        var flavor = s["flavor"];
        var flavorKey = flavor?["id"]?.ToString() ?? flavor?["original_name"]?.ToString();
        var image = s["image"] is JsonObject img ? img["id"]?.ToString() : null;
        var groups = (s["security_groups"] as JsonArray)?.Select(g => g?["name"]?.ToString() ?? "").ToList() ?? [];
        var addressTypes = (s["addresses"] as JsonObject)?.SelectMany(n => (n.Value as JsonArray) ?? [])
            .Select(a => a?["OS-EXT-IPS:type"]?.ToString() ?? "").Distinct().ToList() ?? [];
        return new ServerView(
            S("id") ?? throw new FormatException("the server has no id"),
            S("name"),
            S("status") ?? throw new FormatException("the server has no status"),
            S("OS-EXT-STS:task_state"),
            S("OS-EXT-STS:vm_state"),
            s["OS-EXT-STS:power_state"] is JsonValue p && p.TryGetValue<int>(out var ps) ? ps : null,
            s["locked"] is JsonValue l && l.TryGetValue<bool>(out var locked) ? locked : null,
            S("locked_reason"),
            s.ContainsKey("locked_reason"),
            S("OS-EXT-SRV-ATTR:host"),
            flavorKey,
            image,
            s["fault"]?["message"]?.ToString(),
            groups,
            addressTypes,
            s);
    }
}
