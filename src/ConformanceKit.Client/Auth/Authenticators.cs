using System.Text.Json.Nodes;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Client.Http;

namespace ConformanceKit.Client.Auth;

/// <summary>A token and where to use it.</summary>
public sealed record AuthSession(string Token, Uri ComputeEndpoint, string? ProjectId, string? UserId, DateTimeOffset? ExpiresAt)
{
    /// <summary>The network service (Neutron) of the Keystone catalog, at the same interface and region; null without one (noauth2).</summary>
    public Uri? NetworkEndpoint { get; init; }
}

/// <summary>Gets a valid session, authenticating again shortly before the token expires.</summary>
public interface IAuthenticator
{
    Task<AuthSession> GetSessionAsync(CancellationToken ct = default);
}

public static class Authenticator
{
    public static IAuthenticator For(CloudConfig config, NovaHttp http, TimeProvider? clock = null)
    {
        config.EnsureComplete();
        return config.AuthType == AuthType.NoAuth2
            ? new NoAuth2Authenticator(config, http.Masker)
            : new KeystoneAuthenticator(config, http, clock ?? TimeProvider.System);
    }
}

/// <summary>Nova's noauth2: the token is "user:project" and is sent as is.</summary>
public sealed class NoAuth2Authenticator : IAuthenticator
{
    private readonly AuthSession _session;

    public NoAuth2Authenticator(CloudConfig config, SecretMasker masker)
    {
        var token = config.Token!;
        masker.Add(token);
        var parts = token.Split(':', 2);
        _session = new AuthSession(token, config.ComputeEndpoint!, parts[1], parts[0], null) { NetworkEndpoint = config.NetworkEndpoint };
    }

    public Task<AuthSession> GetSessionAsync(CancellationToken ct = default) => Task.FromResult(_session);
}

/// <summary>Keystone v3: password, application credential or token, scoped to a project; compute endpoint from the catalog.</summary>
public sealed class KeystoneAuthenticator(CloudConfig config, NovaHttp http, TimeProvider clock) : IAuthenticator
{
    /// <summary>Authenticate again when the token has less than this left.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthSession? _session;

    public async Task<AuthSession> GetSessionAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_session is { } s && (s.ExpiresAt is null || s.ExpiresAt - clock.GetUtcNow() > RefreshMargin)) return s;
            _session = await AuthenticateAsync(ct).ConfigureAwait(false);
            return _session;
        }
        finally { _gate.Release(); }
    }

    internal JsonObject RequestBody()
    {
        JsonObject identity = config.AuthType switch
        {
            AuthType.Password => new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = config.UserId is not null
                        ? new JsonObject { ["id"] = config.UserId, ["password"] = config.Password }
                        : new JsonObject { ["name"] = config.Username, ["domain"] = new JsonObject { ["name"] = config.UserDomainName }, ["password"] = config.Password },
                },
            },
            AuthType.ApplicationCredential => new JsonObject
            {
                ["methods"] = new JsonArray("application_credential"),
                ["application_credential"] = config.ApplicationCredentialId is not null
                    ? new JsonObject { ["id"] = config.ApplicationCredentialId, ["secret"] = config.ApplicationCredentialSecret }
                    : new JsonObject
                    {
                        ["name"] = config.ApplicationCredentialName, ["secret"] = config.ApplicationCredentialSecret,
                        ["user"] = new JsonObject { ["name"] = config.Username, ["domain"] = new JsonObject { ["name"] = config.UserDomainName } },
                    },
            },
            AuthType.Token => new JsonObject { ["methods"] = new JsonArray("token"), ["token"] = new JsonObject { ["id"] = config.Token } },
            _ => throw new InvalidOperationException($"{config.AuthType} is not a Keystone auth type"),
        };
        var auth = new JsonObject { ["identity"] = identity };
        // An application credential carries its own scope.
        if (config.AuthType != AuthType.ApplicationCredential && (config.ProjectId ?? config.ProjectName) is not null)
            auth["scope"] = new JsonObject
            {
                ["project"] = config.ProjectId is not null
                    ? new JsonObject { ["id"] = config.ProjectId }
                    : new JsonObject { ["name"] = config.ProjectName, ["domain"] = new JsonObject { ["name"] = config.ProjectDomainName } },
            };
        return new JsonObject { ["auth"] = auth };
    }

    private async Task<AuthSession> AuthenticateAsync(CancellationToken ct)
    {
        var url = KeystoneTokensUrl(config.AuthUrl!);
        Task<HttpResult> Request() => http.SendAsync(HttpMethod.Post, url, jsonBody: RequestBody().ToJsonString(), ct: ct);
        HttpResult result;
        try { result = await Request().ConfigureAwait(false); }
        catch (Http.EndpointUnreachableException dropped) when (ClosedWithoutAnswer(dropped))
        {
            // The connection closed before any answer came (seen in CI: a busy Keystone, four identities signing in at
            // once, one "response ended prematurely"). A token request is safe to repeat: once, at once.
            result = await Request().ConfigureAwait(false);
        }
        if (result.Status is 401 or 403)
            throw new AuthenticationException($"Keystone at {config.AuthUrl} refused the credentials from {config.Source} (HTTP {result.Status}). Check the user name, password or application credential, and the project.");
        if (result.Status != 201)
            throw new AuthenticationException($"Keystone at {url} answered HTTP {result.Status} instead of 201 to a token request. Check auth_url: it should be the Keystone v3 endpoint, e.g. https://keystone.example:5000/v3.");
        var token = result.Header("X-Subject-Token") ?? throw new AuthenticationException($"Keystone at {url} issued no X-Subject-Token header.");
        http.Masker.Add(token);
        JsonNode? body;
        try { body = JsonNode.Parse(result.Body); }
        catch (System.Text.Json.JsonException) { throw new AuthenticationException($"Keystone at {url} answered with a body that is not JSON."); }
        var t = body?["token"];
        DateTimeOffset? expires = DateTimeOffset.TryParse(t?["expires_at"]?.GetValue<string>(), out var e) ? e : null;
        var endpoint = config.ComputeEndpoint ?? ComputeFromCatalog(t?["catalog"]?.AsArray());
        return new AuthSession(token, endpoint, t?["project"]?["id"]?.GetValue<string>(), t?["user"]?["id"]?.GetValue<string>(), expires)
        {
            NetworkEndpoint = config.NetworkEndpoint ?? EndpointFromCatalog(t?["catalog"]?.AsArray(), "network"),
        };
    }

    /// <summary>Whether the request failed because the connection closed or was reset before an answer (not refused, not timed out).</summary>
    internal static bool ClosedWithoutAnswer(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }) return true;
            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset }) return true;
        }
        return false;
    }

    internal static Uri KeystoneTokensUrl(Uri authUrl)
    {
        var s = authUrl.ToString().TrimEnd('/');
        if (!s.EndsWith("/v3", StringComparison.Ordinal)) s += "/v3";
        return new Uri(s + "/auth/tokens");
    }

    /// <summary>The endpoint of a service type for the configured interface and region, or null when the catalog has none.</summary>
    internal Uri? EndpointFromCatalog(JsonArray? catalog, string type)
    {
        var service = catalog?.FirstOrDefault(s => s?["type"]?.GetValue<string>() == type);
        var match = (service?["endpoints"]?.AsArray() ?? []).FirstOrDefault(e =>
            e?["interface"]?.GetValue<string>() == config.Interface &&
            (config.RegionName is null || e["region_id"]?.GetValue<string>() == config.RegionName || e["region"]?.GetValue<string>() == config.RegionName));
        return Uri.TryCreate(match?["url"]?.GetValue<string>(), UriKind.Absolute, out var url) ? url : null;
    }

    internal Uri ComputeFromCatalog(JsonArray? catalog)
    {
        var compute = catalog?.FirstOrDefault(s => s?["type"]?.GetValue<string>() == "compute")
            ?? throw new AuthenticationException($"The Keystone catalog for {config.Source} has no 'compute' service. Ask the operator to register Nova, or set compute_endpoint.");
        var endpoints = compute["endpoints"]?.AsArray().Where(e => e is not null).ToList() ?? [];
        var match = endpoints.FirstOrDefault(e =>
            e!["interface"]?.GetValue<string>() == config.Interface &&
            (config.RegionName is null || e["region_id"]?.GetValue<string>() == config.RegionName || e["region"]?.GetValue<string>() == config.RegionName));
        if (match is null)
            throw new AuthenticationException(
                $"The compute service has no '{config.Interface}' endpoint{(config.RegionName is null ? "" : $" in region '{config.RegionName}'")}. " +
                $"Available: {string.Join(", ", endpoints.Select(e => $"{e!["interface"]}@{e["region_id"] ?? e["region"]}"))}. Set interface / region_name accordingly.");
        return new Uri(match["url"]!.GetValue<string>());
    }
}
