using System.Text.Json.Nodes;
using ConformanceKit.Client.Auth;
using ConformanceKit.Client.Http;
using ConformanceKit.Core;

namespace ConformanceKit.Client;

/// <summary>The microversion range an endpoint announces in its version document.</summary>
public sealed record ApiVersion(string Id, string Status, Microversion MinVersion, Microversion MaxVersion)
{
    public MicroversionRange Range => new(MinVersion, MaxVersion);

    /// <summary>The compute endpoint that answered (from the configuration, or found in Keystone's catalog).</summary>
    public Uri? Endpoint { get; init; }
}

/// <summary>What the kit sends to create a server.</summary>
public sealed record ServerCreate(string Name, string FlavorRef, string ImageRef, string? NetworkId = null)
{
    /// <summary>Metadata of the new server (the kit's run id and heartbeat).</summary>
    public JsonObject? Metadata { get; init; }
}

/// <summary>
/// The compute API as the kit uses it. Every request carries the token of its identity and, when a microversion
/// is given, both microversion headers. All traffic goes through <see cref="NovaHttp"/>.
/// </summary>
public sealed class NovaClient(IAuthenticator auth, NovaHttp http)
{
    public NovaHttp Http => http;

    /// <summary>GET {endpoint}/ : the endpoint's own version document and its microversion range.</summary>
    public async Task<ApiVersion> DiscoverAsync(CancellationToken ct = default)
    {
        var response = await SendAsync(HttpMethod.Get, NovaUrls.VersionDocument, null, ct: ct).ConfigureAwait(false);
        var session = await auth.GetSessionAsync(ct).ConfigureAwait(false);
        if (response.Status is 401)
            throw new AuthenticationException($"{session.ComputeEndpoint} refused the token (HTTP 401). Check the credentials.");
        if (response.Status != 200)
            throw new EndpointFaultException($"{session.ComputeEndpoint} answered HTTP {response.Status} to GET of its version document; expected 200. Check that the URL is the compute endpoint (it ends in /v2.1).");
        var v = response.Json?["version"];
        if (v is null)
            throw new EndpointFaultException($"{session.ComputeEndpoint} answered GET with {(response.Json is null ? "a body that is not JSON" : "JSON without a 'version' object")}; this is not a Nova v2.1 endpoint. Check the URL (it ends in /v2.1).");
        var max = v["version"]?.ToString();
        var min = v["min_version"]?.ToString();
        if (!Microversion.TryParse(max, out var maxV) || !Microversion.TryParse(min, out var minV))
            throw new EndpointFaultException($"{session.ComputeEndpoint} does not announce microversions (version='{max}', min_version='{min}'); the kit needs the v2.1 API with microversions.");
        return new ApiVersion(v["id"]?.ToString() ?? "v2.1", v["status"]?.ToString() ?? "", minV, maxV) { Endpoint = session.ComputeEndpoint };
    }

    /// <summary>Sends one request to a path relative to the compute endpoint.</summary>
    public async Task<NovaResponse> SendAsync(HttpMethod method, string relativePath, Microversion? microversion,
        string? body = null, string? contentType = "application/json", IReadOnlyDictionary<string, string>? extraHeaders = null,
        CancellationToken ct = default)
    {
        var session = await auth.GetSessionAsync(ct).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Auth-Token"] = session.Token,
            ["Accept"] = "application/json",
        };
        if (microversion is { } mv)
        {
            headers["OpenStack-API-Version"] = $"compute {mv}";
            headers["X-OpenStack-Nova-API-Version"] = mv.ToString();
        }
        foreach (var (k, v) in extraHeaders ?? new Dictionary<string, string>()) headers[k] = v;
        var url = NovaUrls.Join(session.ComputeEndpoint, relativePath);
        if (relativePath.Length == 0) url = new Uri(session.ComputeEndpoint.ToString().TrimEnd('/') + "/");
        var result = await http.SendAsync(method, url, headers, body, body is null ? null : contentType, ct).ConfigureAwait(false);
        return new NovaResponse(result, microversion);
    }

    public Task<NovaResponse> SendJsonAsync(HttpMethod method, string relativePath, Microversion? microversion, JsonNode? body, CancellationToken ct = default) =>
        SendAsync(method, relativePath, microversion, body?.ToJsonString() ?? "null", ct: ct);

    public Task<NovaResponse> CreateServerAsync(ServerCreate spec, Microversion? microversion, CancellationToken ct = default)
    {
        var server = new JsonObject { ["name"] = spec.Name, ["flavorRef"] = spec.FlavorRef, ["imageRef"] = spec.ImageRef };
        if (spec.NetworkId is not null) server["networks"] = new JsonArray(new JsonObject { ["uuid"] = spec.NetworkId });
        else if (microversion is { } mv && mv >= NovaMicroversions.NetworksAutoOrNone) server["networks"] = "auto";
        if (spec.Metadata is not null) server["metadata"] = spec.Metadata.DeepClone();
        return SendJsonAsync(HttpMethod.Post, NovaUrls.Servers, microversion, new JsonObject { ["server"] = server }, ct);
    }

    public Task<NovaResponse> GetServerAsync(string id, Microversion? microversion, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, NovaUrls.Server(id), microversion, ct: ct);

    public Task<NovaResponse> DeleteServerAsync(string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, NovaUrls.Server(id), null, ct: ct);

    /// <summary>Servers whose name matches (Nova treats the filter as a regular expression).</summary>
    public async Task<IReadOnlyList<(string Id, string Name, string Status)>> ListServersAsync(string namePattern, bool allProjects = false, CancellationToken ct = default)
    {
        var response = await SendAsync(HttpMethod.Get, NovaUrls.ServersNamed(namePattern, allProjects), null, ct: ct).ConfigureAwait(false);
        if (response.Status != 200) throw new EndpointFaultException($"Listing servers answered {response}.");
        return (response.Json?["servers"] as JsonArray ?? [])
            .Select(s => (s?["id"]?.ToString() ?? "", s?["name"]?.ToString() ?? "", s?["status"]?.ToString() ?? ""))
            .ToList();
    }

    /// <summary>POST /servers/{id}/action with the given body.</summary>
    public Task<NovaResponse> ActionAsync(string id, JsonNode? body, Microversion? microversion, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Post, NovaUrls.ServerAction(id), microversion, body, ct);

    /// <summary>
    /// A request to a path at the root of the compute endpoint's host (e.g. a test cloud's "/_control/health"), sent
    /// WITHOUT the identity's token: such routes are not Nova's and must never receive credentials.
    /// </summary>
    public async Task<NovaResponse> SendToHostRootAsync(HttpMethod method, string rootPath, CancellationToken ct = default)
    {
        var session = await auth.GetSessionAsync(ct).ConfigureAwait(false);
        var url = new Uri(session.ComputeEndpoint, "/" + rootPath.TrimStart('/'));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Accept"] = "application/json" };
        var result = await http.SendAsync(method, url, headers, method == HttpMethod.Post ? "" : null, method == HttpMethod.Post ? "application/json" : null, ct).ConfigureAwait(false);
        return new NovaResponse(result, null);
    }

    /// <summary>The identity's session (token, compute and network endpoints).</summary>
    public Task<AuthSession> GetSessionAsync(CancellationToken ct = default) => auth.GetSessionAsync(ct);

    /// <summary>A request with the identity's token to another service of the same cloud (e.g. Neutron), by absolute URL.</summary>
    public Task<NovaResponse> SendToServiceAsync(HttpMethod method, Uri url, CancellationToken ct = default) =>
        SendToServiceAsync(method, url, null, ct);

    /// <summary>A JSON request with the identity's token to an absolute URL of another service of the cloud (Neutron).</summary>
    public async Task<NovaResponse> SendToServiceAsync(HttpMethod method, Uri url, JsonNode? body, CancellationToken ct = default)
    {
        var session = await auth.GetSessionAsync(ct).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Auth-Token"] = session.Token,
            ["Accept"] = "application/json",
        };
        var result = await http.SendAsync(method, url, headers, body?.ToJsonString(), body is null ? null : "application/json", ct).ConfigureAwait(false);
        return new NovaResponse(result, null);
    }

    /// <summary>Servers whose name matches, with every field of /servers/detail (metadata, updated…).</summary>
    public async Task<IReadOnlyList<JsonObject>> ListServerDetailsAsync(string namePattern, bool allProjects = false, CancellationToken ct = default)
    {
        var response = await SendAsync(HttpMethod.Get, NovaUrls.ServersNamed(namePattern, allProjects), null, ct: ct).ConfigureAwait(false);
        if (response.Status != 200) throw new EndpointFaultException($"Listing servers answered {response}.");
        return (response.Json?["servers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>POST /servers/{id}/action with a raw body and content type, for malformed-request checks.</summary>
    public Task<NovaResponse> RawActionAsync(string id, string body, string? contentType, Microversion? microversion, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, NovaUrls.ServerAction(id), microversion, body, contentType, ct: ct);
}
