using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core.Text;

namespace ConformanceKit.Client.Http;

/// <summary>
/// Removes secrets from anything the kit writes: header values, JSON fields that carry passwords,
/// and every secret value the kit has learned (tokens, passwords, adminPass values it received).
/// </summary>
public sealed partial class SecretMasker
{
    public const string Mask = "***";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-Auth-Token", "X-Subject-Token", "X-Service-Token", "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
    };

    private static readonly HashSet<string> SecretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "adminPass", "secret", "token", "id_token", "access_token", "refresh_token",
    };

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly ConcurrentDictionary<string, byte> _values = new();
    private readonly Lock _rebuild = new();
    // Bumped after each new secret; the search set is rebuilt on the next mask that finds it stale.
    private int _version;
    private Snapshot _search = new(0, LiteralSet.Empty);

    private sealed record Snapshot(int Version, LiteralSet Set);

    /// <summary>Remembers a secret value so that it is masked wherever it appears.</summary>
    public void Add(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 3 && _values.TryAdd(secret, 0))
            Interlocked.Increment(ref _version);
    }

    /// <summary>Every secret value learned so far, for a last scan of what the kit wrote.</summary>
    public IReadOnlyCollection<string> Known => _values.Keys.ToList();

    public bool IsSecretHeader(string name) => SecretHeaders.Contains(name);

    public string MaskHeader(string name, string value) => IsSecretHeader(name) ? Mask : MaskText(value);

    /// <summary>Masks known secret values inside any text.</summary>
    public string MaskText(string text) => Search().ReplaceAll(text, Mask, out _);

    private LiteralSet Search()
    {
        var current = Volatile.Read(ref _version);
        var search = Volatile.Read(ref _search);
        if (search.Version == current) return search.Set;
        lock (_rebuild)
        {
            // Read the version before the values: a secret added meanwhile is in the set or makes it stale again.
            current = Volatile.Read(ref _version);
            if (_search.Version != current) Volatile.Write(ref _search, new Snapshot(current, new LiteralSet(_values.Keys)));
            return _search.Set;
        }
    }

    /// <summary>Masks a body: secret JSON fields (learning their values first), then known values.</summary>
    public string MaskBody(string? body)
    {
        if (string.IsNullOrEmpty(body)) return body ?? "";
        JsonNode? node = null;
        try { node = JsonNode.Parse(body); } catch (System.Text.Json.JsonException) { }
        if (node is not null)
        {
            Learn(node);
            MaskFields(node);
            return MaskText(node.ToJsonString(Indented));
        }
        return MaskText(body);
    }

    private void Learn(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    if (SecretFields.Contains(k) && v is JsonValue val && val.TryGetValue<string>(out var s)) Add(s);
                    if (v is not null) Learn(v);
                }
                break;
            case JsonArray a:
                foreach (var v in a) if (v is not null) Learn(v);
                break;
        }
    }

    private static void MaskFields(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var k in o.Select(p => p.Key).ToList())
                {
                    if (SecretFields.Contains(k) && o[k] is JsonValue) o[k] = Mask;
                    else if (o[k] is { } child) MaskFields(child);
                }
                break;
            case JsonArray a:
                foreach (var v in a) if (v is not null) MaskFields(v);
                break;
        }
    }
}
