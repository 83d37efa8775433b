using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;
using Microsoft.AspNetCore.Http;

namespace ConformanceKit.Simulator.Http;

/// <summary>The simulator's HTTP side: microversion negotiation and body rules.</summary>
internal sealed partial class NovaHttpApi
{
    private Microversion NegotiateVersion(IHeaderDictionary headers)
    {
        string? requested = null;
        foreach (var value in headers[VersionHeader].SelectMany(v => (v ?? "").Split(',')))
        {
            var parts = value.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0].Equals("compute", StringComparison.OrdinalIgnoreCase)) { requested = parts[1].Trim(); break; }
        }
        if (requested is null && headers.TryGetValue(LegacyVersionHeader, out var legacy) && legacy.Count > 0) requested = legacy.ToString().Trim();
        var (min, max) = (backend.Options.MinVersion, backend.Options.MaxVersion);
        if (requested is null) return Microversion.Minimum;
        if (requested == "latest") return max;
        if (!VersionString().IsMatch(requested) || !Microversion.TryParse(requested, out var version))
            throw new FaultResponse(400, $"API Version String {requested} is of invalid format. Must be of format MajorNum.MinorNum.");
        if (version < min || version > max)
        {
            if (version > max && Faults.Has(Fault.No406)) return max;
            // Nova records the requested version before refusing it, so the 406 echoes it.
            throw new VersionRefused(version, Faults.Has(Fault.Vague406)
                ? $"Version {version} is not supported by the API."
                : $"Version {version} is not supported by the API. Minimum is {min} and maximum is {max}.");
        }
        return version;
    }

    private sealed class VersionRefused(Microversion version, string message) : Exception(message)
    {
        public Microversion Version { get; } = version;
    }

    [GeneratedRegex(@"^([1-9]\d*)\.([1-9]\d*|0)$")]
    private static partial Regex VersionString();

    private static void CheckContentType(HttpRequest request)
    {
        if (!request.Headers.ContainsKey("Content-Type")) return;
        var raw = request.ContentType ?? "";
        var mediaType = raw.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is "" or "text/plain") return;
        if (!SupportedContentTypes.Contains(mediaType)) throw new FaultResponse(415, "Unsupported Content-Type");
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms);
        return ms.ToArray();
    }

    /// <summary>Decodes a JSON body as Python's json.loads would: false when it is not JSON at all.</summary>
    private static bool TryParseJson(byte[] body, out JsonNode? node)
    {
        node = null;
        try
        {
            var text = new UTF8Encoding(false, true).GetString(body);
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
            return true;
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException or ArgumentException)
        {
            return false;
        }
    }
}
