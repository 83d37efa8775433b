using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;
using Microsoft.AspNetCore.Http;

namespace ConformanceKit.Simulator.Http;

/// <summary>
/// The HTTP side of the simulator: Nova's URL map, noauth2-style auth, microversion negotiation, body rules,
/// error bodies and headers. Everything about servers is delegated to <see cref="SimulatorBackend"/>.
/// </summary>
internal sealed partial class NovaHttpApi(SimulatorBackend backend)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Exception> _internalErrors = new();

    /// <summary>Exceptions that escaped the simulator (its own bugs, answered as 500); empty when all is well.</summary>
    public IReadOnlyCollection<Exception> InternalErrors => _internalErrors;

    private const string JsonType = "application/json";
    private const string FaultType = "application/json; charset=UTF-8";
    private const string VersionHeader = "OpenStack-API-Version";
    private const string LegacyVersionHeader = "X-OpenStack-Nova-API-Version";
    private static readonly string[] SupportedContentTypes = ["application/json", "application/vnd.openstack.compute+json"];
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    private FaultProfile Faults => backend.Options.Faults;

    /// <summary>Thrown inside a matched route: the response is a Nova fault (version headers included).</summary>
    private sealed class FaultResponse(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }

    /// <summary>Per-request state.</summary>
    private sealed class Call
    {
        public required HttpContext Http { get; init; }
        public required string BaseUrl { get; init; }
        public Microversion? Version { get; set; }
        public CallContext Context { get; set; } = null!;
        public string? ProjectInUrl { get; set; }
        public bool IsAction { get; set; }
        public Views Views => new(Backend, Context, BaseUrl, ProjectInUrl);
        public required SimulatorBackend Backend { get; init; }
    }

    private int _computeRequests;
    private DateTimeOffset? _outageStarted;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Raised once when a <see cref="OutageKind.Refuse"/> outage starts, so the host can close its listener.</summary>
    public event Action? Died;

    /// <summary>Ends every hang in progress (the simulator is being disposed).</summary>
    public void Stop() => _stopping.Cancel();

    /// <summary>True when the request must not be served (the connection was reset); waits out a hang first.</summary>
    private async Task<bool> OutageAsync(HttpContext http, string path)
    {
        if (backend.Options.Outage is not { } outage || path.StartsWith("/_control/", StringComparison.Ordinal)) return false;
        var counted = outage.CountsCreatesOnly
            ? HttpMethods.IsPost(http.Request.Method) && path.TrimEnd('/').EndsWith("/servers", StringComparison.Ordinal)
            : path is "/v2.1" || path.StartsWith("/v2.1/", StringComparison.Ordinal);
        var n = counted ? Interlocked.Increment(ref _computeRequests) : Volatile.Read(ref _computeRequests);
        if (n <= outage.AfterRequests && _outageStarted is null) return false;
        var first = false;
        lock (_stopping)
        {
            if (_outageStarted is null) { _outageStarted = DateTimeOffset.UtcNow; first = true; }
        }
        if (outage.Kind == OutageKind.Refuse)
        {
            if (first) Died?.Invoke();
            http.Abort();
            return true;
        }
        // A hang: nothing is answered until it ends (for ever without a duration); then the request is served as usual,
        // even when the client has given up meanwhile (its request had arrived: a thawed Nova acts on it).
        http.Request.EnableBuffering();
        try
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            http.Request.Body.Position = 0;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            return true;
        }
        var left = outage.Duration is { } d ? _outageStarted!.Value + d - DateTimeOffset.UtcNow : Timeout.InfiniteTimeSpan;
        try
        {
            if (left == Timeout.InfiniteTimeSpan || left > TimeSpan.Zero) await Task.Delay(left, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            http.Abort();
            return true;
        }
        return false;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        if (await OutageAsync(http, path)) return;
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        try
        {
            if (path is "/v2.1" || path.StartsWith("/v2.1/", StringComparison.Ordinal))
                await HandleComputeAsync(new Call { Http = http, BaseUrl = baseUrl, Backend = backend }, path["/v2.1".Length..]);
            else if (path.StartsWith("/_control/", StringComparison.Ordinal))
                await HandleControlAsync(http, path);
            else if (path is "/v2" or "/v2/")
                await WriteJsonAsync(http, 200, new JsonObject { ["version"] = Views.VersionV20(baseUrl) }, JsonType);
            else if (path == "/")
            {
                if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
                    await WritePlainAsync(http, 405, "405 Method Not Allowed\n\nThe method is not allowed for the requested URL.\n\n   ");
                else
                    await WriteJsonAsync(http, 200, Views.Versions(baseUrl, backend.Options.MinVersion, backend.Options.MaxVersion), JsonType);
            }
            else
                await WriteJsonAsync(http, 300, Views.Choices(baseUrl, path), JsonType);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug of the simulator, not of the caller: answer like Nova's faultwrap does, and keep it for inspection.
            _internalErrors.Enqueue(e);
            if (!http.Response.HasStarted)
                await WriteJsonAsync(http, 500, new JsonObject
                {
                    ["computeFault"] = new JsonObject
                    {
                        ["code"] = 500,
                        ["message"] = "The server has either erred or is incapable of performing the requested operation.",
                    },
                }, FaultType);
        }
    }

    // ------------------------------------------------------------------ control routes (not Nova API)

    private async Task HandleControlAsync(HttpContext http, string path)
    {
        if (HttpMethods.IsGet(http.Request.Method) && path == "/_control/health")
        {
            await WriteJsonAsync(http, 200, new JsonObject { ["status"] = "ok" }, JsonType);
            return;
        }
        var m = ControlRestart().Match(path);
        if (HttpMethods.IsPost(http.Request.Method) && m.Success)
        {
            if (backend.RestartCompute(m.Groups[1].Value)) { http.Response.StatusCode = 204; return; }
            await WritePlainAsync(http, 404, $"No compute host {m.Groups[1].Value}.");
            return;
        }
        await WritePlainAsync(http, 404, "Unknown control route; use GET /_control/health or POST /_control/computes/{host}/restart.");
    }

    [GeneratedRegex("^/_control/computes/([^/]+)/restart$")]
    private static partial Regex ControlRestart();

    // ------------------------------------------------------------------ /v2.1

    private async Task HandleComputeAsync(Call call, string rest)
    {
        var http = call.Http;
        var requestId = "req-" + Guid.NewGuid();
        http.Response.Headers["X-OpenStack-Request-Id"] = requestId;
        http.Response.Headers["X-Compute-Request-Id"] = requestId;

        // noauth2 (or keystonemiddleware) sits in front of everything under /v2.1.
        if (!http.Request.Headers.TryGetValue("X-Auth-Token", out var tokens) || tokens.Count == 0)
        {
            await MissingTokenAsync(http, call.BaseUrl + "/v2.1" + rest);
            return;
        }

        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        var route = Match(http.Request.Method, segments, out var args);
        if (route is null)
        {
            await WebobNotFoundAsync(http);
            return;
        }
        try
        {
            call.Version = NegotiateVersion(http.Request.Headers);
            call.Context = CallContext.FromToken(tokens.ToString(), call.Version.Value);
            if (backend.Options.ReaderUsers.Contains(call.Context.UserId, StringComparer.Ordinal)) call.Context = call.Context with { IsReader = true };
            CheckContentType(http.Request);
            if (args.TryGetValue("project_id", out var projectInUrl))
            {
                if (projectInUrl != call.Context.ProjectId)
                    throw new FaultResponse(400, $"Malformed request URL: URL's project_id '{projectInUrl}' doesn't match Context's project_id '{call.Context.ProjectId}'");
                call.ProjectInUrl = projectInUrl;
            }
            await route(call, args);
        }
        catch (VersionRefused v)
        {
            call.Version = v.Version;
            await WriteFaultAsync(call, 406, v.Message);
        }
        catch (FaultResponse f)
        {
            await WriteFaultAsync(call, f.Code, f.Message);
        }
        catch (NovaApiException e)
        {
            await WriteFaultAsync(call, e.Code, e.Message);
        }
    }

    private delegate Task Route(Call call, Dictionary<string, string> args);

    /// <summary>Nova's URL map for the parts the simulator serves.</summary>
    private Route? Match(string method, List<string> s, out Dictionary<string, string> args)
    {
        args = new Dictionary<string, string>(StringComparer.Ordinal);
        // /v2.1/{project_id}/... routes when the id looks like Nova's hard-coded [0-9a-f-]+ and is not a collection.
        if (s.Count > 0 && ProjectIdSegment().IsMatch(s[0]))
        {
            args["project_id"] = s[0];
            s = s.Skip(1).ToList();
        }
        bool Is(params string[] parts) => s.Count == parts.Length && parts.Select((p, i) => p == "*" || p == s[i]).All(x => x);
        // A path whose method Nova does not route is not found at all (webob 404), as GET …/action is.
        Route? Only(string verb, Route r) => string.Equals(method, verb, StringComparison.OrdinalIgnoreCase) ? r : null;

        if (s.Count == 0) return args.ContainsKey("project_id") ? null : Only("GET", VersionAsync);
        if (Is("servers")) return HttpMethods.IsPost(method) ? CreateServerAsync : Only("GET", ListServersAsync);
        if (Is("servers", "detail")) return Only("GET", ListServersAsync);
        if (Is("servers", "*"))
        {
            args["id"] = s[1];
            return HttpMethods.IsDelete(method) ? DeleteServerAsync : Only("GET", ShowServerAsync);
        }
        if (Is("servers", "*", "action")) { args["id"] = s[1]; return Only("POST", ActionAsync); }
        if (Is("servers", "*", "metadata", "*")) { args["id"] = s[1]; args["key"] = s[3]; return Only("PUT", PutMetadataItemAsync); }
        if (Is("limits")) return Only("GET", LimitsAsync);
        if (Is("servers", "*", "os-instance-actions")) { args["id"] = s[1]; return Only("GET", InstanceActionsAsync); }
        if (Is("servers", "*", "os-interface")) { args["id"] = s[1]; return Only("GET", InterfacesAsync); }
        if (Is("flavors")) return Only("GET", ListFlavorsAsync);
        if (Is("flavors", "detail")) { args["detail"] = "1"; return Only("GET", ListFlavorsAsync); }
        if (Is("flavors", "*")) { args["id"] = s[1]; return Only("GET", ShowFlavorAsync); }
        if (Is("images")) return Only("GET", ListImagesAsync);
        if (Is("images", "detail")) { args["detail"] = "1"; return Only("GET", ListImagesAsync); }
        if (Is("images", "*")) { args["id"] = s[1]; return HttpMethods.IsDelete(method) ? DeleteImageAsync : Only("GET", ShowImageAsync); }
        if (Is("os-services")) return Only("GET", ListServicesAsync);
        if (Is("os-services", "*")) { args["id"] = s[1]; return Only("PUT", UpdateServiceAsync); }
        if (Is("os-security-groups")) return HttpMethods.IsPost(method) ? CreateSecurityGroupAsync : Only("GET", ListSecurityGroupsAsync);
        if (Is("os-security-groups", "*")) { args["id"] = s[1]; return Only("DELETE", DeleteSecurityGroupAsync); }
        if (Is("os-floating-ips")) return HttpMethods.IsPost(method) ? AllocateFloatingIpAsync : Only("GET", ListFloatingIpsAsync);
        if (Is("os-floating-ips", "*")) { args["id"] = s[1]; return Only("DELETE", ReleaseFloatingIpAsync); }
        if (Is("os-floating-ip-pools")) return Only("GET", ListFloatingIpPoolsAsync);
        return null;
    }

    [GeneratedRegex("^[0-9a-f-]+$")]
    private static partial Regex ProjectIdSegment();
}
