using System.Text.Json.Nodes;
using ConformanceKit.Client.Http;
using ConformanceKit.Core;

namespace ConformanceKit.Client;

/// <summary>A compute API response with the parts the kit asserts on.</summary>
public sealed class NovaResponse(HttpResult http, Microversion? requested)
{
    private JsonNode? _json;
    private bool _parsed;

    public int Status => http.Status;
    public string Body => http.Body;
    public Exchange Exchange => http.Exchange;
    public Microversion? Requested => requested;
    public string? Header(string name) => http.Header(name);
    public IEnumerable<string> HeaderValues(string name) => http.HeaderValues(name);
    public string? RequestId => http.Exchange.RequestId;
    public string? ContentType => http.Header("Content-Type");
    public bool HasBody => !string.IsNullOrWhiteSpace(http.Body);

    /// <summary>The body as JSON, or null when it is empty or not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            if (_parsed) return _json;
            _parsed = true;
            try { _json = HasBody ? JsonNode.Parse(http.Body) : null; } catch (System.Text.Json.JsonException) { _json = null; }
            return _json;
        }
    }

    /// <summary>The microversion echoed in "OpenStack-API-Version: compute X.Y", if any.</summary>
    public Microversion? EchoedMicroversion
    {
        get
        {
            var value = http.Header("OpenStack-API-Version");
            if (value is null) return null;
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && parts[0].Equals("compute", StringComparison.OrdinalIgnoreCase) && Microversion.TryParse(parts[1], out var v) ? v : null;
        }
    }

    /// <summary>The microversion echoed in the legacy "X-OpenStack-Nova-API-Version" header, if any.</summary>
    public Microversion? EchoedLegacyMicroversion =>
        Microversion.TryParse(http.Header("X-OpenStack-Nova-API-Version"), out var v) ? v : null;

    /// <summary>For an error body {"kind": {"code", "message"}}: the kind; null otherwise.</summary>
    public string? ErrorKind => Json is JsonObject o && o.Count == 1 && o.First().Value is JsonObject inner && inner.ContainsKey("code") ? o.First().Key : null;

    public string? ErrorMessage => ErrorKind is { } k ? Json![k]?["message"]?.ToString() : null;

    public override string ToString() => $"HTTP {Status}{(ErrorMessage is { } m ? $" {ErrorKind}: {m}" : "")} (request {RequestId ?? "without id"})";
}
