using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

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

    private readonly ConcurrentDictionary<string, byte> _values = new();

    /// <summary>Remembers a secret value so that it is masked wherever it appears.</summary>
    public void Add(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 3) _values.TryAdd(secret, 0);
    }

    /// <summary>Every secret value learned so far, for a last scan of what the kit wrote.</summary>
    public IReadOnlyCollection<string> Known => _values.Keys.ToList();

    public bool IsSecretHeader(string name) => SecretHeaders.Contains(name);

    public string MaskHeader(string name, string value) => IsSecretHeader(name) ? Mask : MaskText(value);

    /// <summary>Masks known secret values inside any text.</summary>
    public string MaskText(string text)
    {
        foreach (var secret in _values.Keys.OrderByDescending(s => s.Length))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
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
            return MaskText(node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
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
