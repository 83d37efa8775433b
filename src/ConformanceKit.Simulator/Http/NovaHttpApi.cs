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

    // ------------------------------------------------------------------ negotiation and body rules

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

    // ------------------------------------------------------------------ routes

    private async Task VersionAsync(Call call, Dictionary<string, string> args) =>
        await WriteOkAsync(call, 200, new JsonObject { ["version"] = Views.VersionV21(call.BaseUrl, backend.Options.MinVersion, backend.Options.MaxVersion) });

    private async Task CreateServerAsync(Call call, Dictionary<string, string> args)
    {
        var bytes = await ReadBodyAsync(call.Http.Request);
        JsonNode? body = null;
        if (bytes.Length > 0 && !TryParseJson(bytes, out body)) throw new FaultResponse(400, "Malformed request body");
        var (server, adminPass, groups) = backend.CreateServer(call.Context, body);
        if (body?["server"]?["return_reservation_id"] is JsonValue r && SimulatorBackend.Text(r) is "True" or "true" or "1")
        {
            await WriteOkAsync(call, 202, new JsonObject { ["reservation_id"] = server.ReservationId });
            return;
        }
        var views = call.Views;
        var o = new JsonObject
        {
            ["id"] = server.Id,
            ["links"] = views.Links("servers", server.Id),
            ["OS-DCF:diskConfig"] = server.DiskConfig,
            ["security_groups"] = groups,
            ["adminPass"] = adminPass,
        };
        call.Http.Response.Headers.Location = views.SelfHref("servers", server.Id);
        await WriteOkAsync(call, 202, new JsonObject { ["server"] = o });
    }

    private async Task ListServersAsync(Call call, Dictionary<string, string> args)
    {
        var detail = call.Http.Request.Path.Value!.TrimEnd('/').EndsWith("/detail", StringComparison.Ordinal);
        var query = call.Http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var servers = backend.ListServers(call.Context, query);
        var views = call.Views;
        var list = new JsonArray(servers.Select(s => (JsonNode)(detail ? views.Server(s, ServerViewFlags.Detail) : views.ServerBasic(s))).ToArray());
        var result = new JsonObject { ["servers"] = list };
        if (query.TryGetValue("limit", out var limit) && int.TryParse(limit, out var n) && n > 0 && servers.Count == n)
        {
            var next = new Dictionary<string, string>(query) { ["marker"] = servers[^1].Id };
            var href = $"{views.Versioned}{(call.ProjectInUrl is null ? "" : "/" + call.ProjectInUrl)}/servers{(detail ? "/detail" : "")}?" +
                       string.Join('&', next.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
            result["servers_links"] = new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = href });
        }
        await WriteOkAsync(call, 200, result);
    }

    private async Task ShowServerAsync(Call call, Dictionary<string, string> args)
    {
        var server = backend.ShowServer(call.Context, args["id"]);
        await WriteOkAsync(call, 200, new JsonObject { ["server"] = call.Views.Server(server, ServerViewFlags.Show(call.Context)) });
    }

    /// <summary>PUT /servers/{id}/metadata/{key} {"meta": {key: value}}: sets one item (the kit's heartbeat uses it).</summary>
    private async Task PutMetadataItemAsync(Call call, Dictionary<string, string> args)
    {
        var bytes = await ReadBodyAsync(call.Http.Request);
        if (!TryParseJson(bytes, out var body)) throw new FaultResponse(400, "Malformed request body");
        if (body?["meta"] is not JsonObject meta || meta.Count != 1 || !meta.ContainsKey(args["key"]))
            throw new FaultResponse(400, "Request body and URI mismatch");
        var value = meta[args["key"]]?.ToString() ?? "";
        backend.SetMetadataItem(call.Context, args["id"], args["key"], value);
        await WriteOkAsync(call, 200, new JsonObject { ["meta"] = new JsonObject { [args["key"]] = value } });
    }

    /// <summary>GET /limits: the project's absolute limits (instances per the simulator's quota; cores and RAM unlimited).</summary>
    private async Task LimitsAsync(Call call, Dictionary<string, string> args)
    {
        var used = backend.InstancesUsed(call.Context.ProjectId);
        var absolute = new JsonObject
        {
            ["maxTotalInstances"] = backend.Options.InstanceQuota, ["totalInstancesUsed"] = used,
            ["maxTotalCores"] = -1, ["totalCoresUsed"] = 0, ["maxTotalRAMSize"] = -1, ["totalRAMUsed"] = 0,
            ["maxServerMeta"] = 128, ["maxPersonality"] = 5, ["maxPersonalitySize"] = 10240,
            ["maxTotalKeypairs"] = 100, ["maxServerGroups"] = 10, ["maxServerGroupMembers"] = 10,
            ["totalServerGroupsUsed"] = 0,
        };
        await WriteOkAsync(call, 200, new JsonObject { ["limits"] = new JsonObject { ["absolute"] = absolute, ["rate"] = new JsonArray() } });
    }

    private async Task DeleteServerAsync(Call call, Dictionary<string, string> args)
    {
        backend.DeleteServer(call.Context, args["id"]);
        await WriteOkAsync(call, 204, null);
    }

    private async Task InstanceActionsAsync(Call call, Dictionary<string, string> args)
    {
        var server = backend.FindServer(args["id"]);
        if (server is null || (!call.Context.IsAdmin && server.ProjectId != call.Context.ProjectId))
            throw new FaultResponse(404, $"Instance {args["id"]} could not be found.");
        var list = new JsonArray(server.Actions.AsEnumerable().Reverse().Select(a =>
        {
            var o = new JsonObject
            {
                ["action"] = a.Action, ["instance_uuid"] = server.Id, ["message"] = a.Message, ["project_id"] = a.ProjectId,
                ["request_id"] = a.RequestId, ["start_time"] = Views.StrTime(a.StartTime), ["user_id"] = a.UserId,
            };
            if (call.Context.AtLeast(NovaMicroversions.InstanceActionUpdatedAt)) o["updated_at"] = Views.StrTime(a.StartTime);
            return (JsonNode)o;
        }).ToArray());
        await WriteOkAsync(call, 200, new JsonObject { ["instanceActions"] = list });
    }

    /// <summary>GET /servers/{id}/os-interface: one port per MAC address on the private network (nova's interfaceAttachments view).</summary>
    private async Task InterfacesAsync(Call call, Dictionary<string, string> args)
    {
        var server = backend.FindServer(args["id"]);
        if (server is null || (!call.Context.IsAdmin && server.ProjectId != call.Context.ProjectId))
            throw new FaultResponse(404, $"Instance {args["id"]} could not be found.");
        var list = new JsonArray(server.FixedIps.GroupBy(f => f.Mac).Select(port => (JsonNode)new JsonObject
        {
            ["port_state"] = "ACTIVE",
            ["fixed_ips"] = new JsonArray(port.Select(f => (JsonNode)new JsonObject { ["subnet_id"] = SimulatorBackend.PrivateSubnetId, ["ip_address"] = f.Address }).ToArray()),
            ["port_id"] = SimulatorBackend.PortIdOf(port.Key),
            ["net_id"] = SimulatorBackend.PrivateNetworkId,
            ["mac_addr"] = port.Key,
        }).ToArray());
        await WriteOkAsync(call, 200, new JsonObject { ["interfaceAttachments"] = list });
    }

    private async Task ActionAsync(Call call, Dictionary<string, string> args)
    {
        call.IsAction = true;
        if (Faults.Has(Fault.Http500))
            throw new FaultResponse(500, "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'SimulatedFailure'>");
        var bytes = await ReadBodyAsync(call.Http.Request);
        // wsgi.action_peek: exactly one key names the action.
        if (!TryParseJson(bytes, out var body)) throw new FaultResponse(400, "Malformed request body");
        string action;
        switch (body)
        {
            case JsonObject o when o.Count == 1: action = o.First().Key; break;
            case JsonObject: throw new FaultResponse(400, "Malformed request body");
            case JsonArray a when a.Count != 1: throw new FaultResponse(400, "Malformed request body");
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().EnumerateRunes().Count() != 1:
                throw new FaultResponse(400, "Malformed request body");
            default: throw new FaultResponse(404, "The resource could not be found.");
        }
        var outcome = backend.PerformAction(call.Context, args["id"], action, body);
        var response = call.Http.Response;
        if (outcome.Location is { } location)
            response.Headers.Location = location.Kind switch
            {
                LocationKind.Server => call.Views.SelfHref("servers", location.Id),
                // req.application_url: the /v2.1 script name, without a project id of the path.
                LocationKind.ComputeImage => $"{call.Views.Versioned}/images/{location.Id}",
                _ => $"{backend.Options.GlanceEndpoint.ToString().TrimEnd('/')}/images/{location.Id}",
            };
        JsonNode? result = outcome.Body;
        if (outcome.RebuildView is { } rebuilt)
        {
            var view = call.Views.Server(rebuilt, ServerViewFlags.Rebuild(call.Context));
            view["adminPass"] = outcome.AdminPass;
            if (call.Context.AtLeast(NovaMicroversions.UserDataReplacesPersonality)) view["user_data"] = rebuilt.UserData;
            result = new JsonObject { ["server"] = view };
        }
        var code = Faults.Has(Fault.WrongCode) ? 200 : outcome.Code;
        if (result is null && Faults.Has(Fault.BodyWhereNone))
            result = new JsonObject { ["accepted"] = true };
        if (outcome.BareWebobResponse && result is null)
        {
            SetVersionHeaders(call);
            await WriteRawAsync(call.Http, code, "text/html; charset=UTF-8", []);
            return;
        }
        await WriteOkAsync(call, code, result);
    }

    private async Task ListFlavorsAsync(Call call, Dictionary<string, string> args)
    {
        var views = call.Views;
        var detail = args.ContainsKey("detail");
        var list = new JsonArray(backend.Flavors.Select(f => (JsonNode)(detail ? views.FlavorDetail(f) : views.FlavorBasic(f))).ToArray());
        await WriteOkAsync(call, 200, new JsonObject { ["flavors"] = list });
    }

    private async Task ShowFlavorAsync(Call call, Dictionary<string, string> args)
    {
        var flavor = backend.FindFlavor(args["id"]) ?? throw new FaultResponse(404, $"Flavor {args["id"]} could not be found.");
        await WriteOkAsync(call, 200, new JsonObject { ["flavor"] = call.Views.FlavorDetail(flavor) });
    }

    /// <summary>Image, security group and floating IP proxies were removed in 2.36.</summary>
    private static void RequireProxyApi(Call call)
    {
        if (call.Context.Version > NovaMicroversions.LastProxyApis) throw new FaultResponse(404, "The resource could not be found.");
    }

    private async Task ListImagesAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        var views = call.Views;
        var detail = args.ContainsKey("detail");
        var list = new JsonArray(backend.VisibleImages(call.Context).Select(i => (JsonNode)(detail ? views.ImageDetail(i) : views.ImageBasic(i))).ToArray());
        await WriteOkAsync(call, 200, new JsonObject { ["images"] = list });
    }

    private async Task ShowImageAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        var image = backend.GetImage(call.Context, args["id"]) ?? throw new FaultResponse(404, "Image not found.");
        await WriteOkAsync(call, 200, new JsonObject { ["image"] = call.Views.ImageDetail(image) });
    }

    /// <summary>DELETE /images/{id} (proxy API, up to 2.35): 204; the caller's snapshots and backups only (fixtures are 403).</summary>
    private async Task DeleteImageAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        var image = backend.GetImage(call.Context, args["id"]) ?? throw new FaultResponse(404, "Image not found.");
        if (!backend.DeleteImage(call.Context, image.Id)) throw new FaultResponse(403, "You are not allowed to delete the image.");
        await WriteOkAsync(call, 204, null);
    }

    private async Task ListSecurityGroupsAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        var list = new JsonArray(backend.ListSecurityGroups(call.Context).Select(g => (JsonNode)new JsonObject
        {
            ["id"] = g.Id, ["name"] = g.Name, ["description"] = g.Description, ["tenant_id"] = g.ProjectId, ["rules"] = new JsonArray(),
        }).ToArray());
        await WriteOkAsync(call, 200, new JsonObject { ["security_groups"] = list });
    }

    private async Task ListFloatingIpsAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        var list = new JsonArray(backend.VisibleFloatingIps(call.Context).Select(f => (JsonNode)FloatingIpView(f)).ToArray());
        await WriteOkAsync(call, 200, new JsonObject { ["floating_ips"] = list });
    }

    private static JsonObject FloatingIpView(FloatingIp f) => new()
    {
        ["id"] = f.Id, ["ip"] = f.Address, ["fixed_ip"] = f.FixedAddress, ["instance_id"] = f.ServerId, ["pool"] = f.Pool,
    };

    /// <summary>The body of a proxy-API POST as a JSON object, or 400 as Nova's schema validation answers.</summary>
    private static async Task<JsonObject> ReadObjectAsync(Call call)
    {
        var bytes = await ReadBodyAsync(call.Http.Request);
        return TryParseJson(bytes, out var body) && body is JsonObject o ? o : throw new FaultResponse(400, "Malformed request body");
    }

    private async Task CreateSecurityGroupAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        var body = await ReadObjectAsync(call);
        if (body["security_group"] is not JsonObject g || g["name"] is not JsonValue n || n.GetValueKind() != JsonValueKind.String
            || g["description"] is not JsonValue d || d.GetValueKind() != JsonValueKind.String)
            throw new FaultResponse(400, "Invalid input for field/attribute security_group.");
        var group = backend.CreateSecurityGroup(call.Context, n.GetValue<string>(), d.GetValue<string>());
        await WriteOkAsync(call, 200, new JsonObject
        {
            ["security_group"] = new JsonObject
            {
                ["id"] = group.Id, ["name"] = group.Name, ["description"] = group.Description, ["tenant_id"] = group.ProjectId, ["rules"] = new JsonArray(),
            },
        });
    }

    private async Task DeleteSecurityGroupAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        backend.DeleteSecurityGroup(call.Context, args["id"]);
        await WriteOkAsync(call, 202, null);
    }

    private async Task AllocateFloatingIpAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        var bytes = await ReadBodyAsync(call.Http.Request);
        // Nova accepts no body (the default pool) or {"pool": name}.
        string? pool = null;
        if (bytes.Length > 0)
        {
            if (!TryParseJson(bytes, out var body) || body is not JsonObject o) throw new FaultResponse(400, "Malformed request body");
            pool = o["pool"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null;
        }
        await WriteOkAsync(call, 200, new JsonObject { ["floating_ip"] = FloatingIpView(backend.AllocateFloatingIp(call.Context, pool)) });
    }

    private async Task ReleaseFloatingIpAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        backend.ReleaseFloatingIp(call.Context, args["id"]);
        await WriteOkAsync(call, 202, null);
    }

    private async Task ListFloatingIpPoolsAsync(Call call, Dictionary<string, string> args)
    {
        RequireProxyApi(call);
        await WriteOkAsync(call, 200, new JsonObject { ["floating_ip_pools"] = new JsonArray(new JsonObject { ["name"] = "public" }) });
    }

    private async Task ListServicesAsync(Call call, Dictionary<string, string> args)
    {
        var q = call.Http.Request.Query;
        var services = backend.ListServices(call.Context, q["host"].ToString(), q["binary"].ToString());
        var views = call.Views;
        await WriteOkAsync(call, 200, new JsonObject { ["services"] = new JsonArray(services.Select(s => (JsonNode)views.Service(s)).ToArray()) });
    }

    private async Task UpdateServiceAsync(Call call, Dictionary<string, string> args)
    {
        var bytes = await ReadBodyAsync(call.Http.Request);
        if (!TryParseJson(bytes, out var body) || body is not JsonObject o) throw new FaultResponse(400, "Malformed request body");
        var ctx = call.Context;
        if (!ctx.IsAdmin) throw new FaultResponse(403, "Policy doesn't allow os_compute_api:os-services:update to be performed.");
        var id = args["id"];
        if (ctx.AtLeast(NovaMicroversions.ServicesByUuid))
        {
            if (!Guid.TryParse(id, out _)) throw new FaultResponse(400, $"Invalid uuid {id}");
            var service = backend.Services.FirstOrDefault(s => s.Uuid.Equals(id, StringComparison.OrdinalIgnoreCase))
                ?? throw new FaultResponse(404, $"Service {id} could not be found.");
            if (o.Count == 0) throw new FaultResponse(400, "Invalid input for field/attribute service. Value: {}. {} does not have enough properties");
            if (o["status"] is { } status)
            {
                var disabled = SimulatorBackend.Text(status) switch
                {
                    "disabled" => true,
                    "enabled" => false,
                    var other => throw new FaultResponse(400, $"Invalid input for field/attribute status. Value: {other}. '{other}' is not one of ['enabled', 'disabled']"),
                };
                backend.SetDisabled(ctx, service, disabled, SimulatorBackend.Text(o["disabled_reason"]));
            }
            if (o["forced_down"] is JsonValue fd)
            {
                if (fd.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                    throw new FaultResponse(400, $"Invalid input for field/attribute forced_down. Value: {fd.ToJsonString()}. {fd.ToJsonString()} is not of type 'boolean'");
                backend.SetForcedDown(ctx, service, fd.GetValue<bool>());
            }
            await WriteOkAsync(call, 200, new JsonObject { ["service"] = call.Views.Service(service) });
            return;
        }
        // Before 2.53 the URL names an action and the body names host and binary.
        var host = SimulatorBackend.Text(o["host"]);
        var binary = SimulatorBackend.Text(o["binary"]);
        if (host is null || binary is null) throw new FaultResponse(400, $"Invalid input for field/attribute service. Value: {o.ToJsonString()}. 'host' is a required property");
        ComputeService Find() => backend.Services.FirstOrDefault(s => s.Host == host && s.Binary == binary)
            ?? throw new FaultResponse(404, $"Could not find binary {binary} on host {host}.");
        var result = new JsonObject { ["host"] = host, ["binary"] = binary };
        switch (id)
        {
            case "force-down" when ctx.AtLeast(NovaMicroversions.ServiceForcedDown):
                if (!o.ContainsKey("forced_down")) throw new FaultResponse(400, "Missing forced_down field");
                var down = SimulatorBackend.Text(o["forced_down"])?.ToLowerInvariant() is "true" or "1" or "yes" or "on" or "t" or "y";
                backend.SetForcedDown(ctx, Find(), down);
                result["forced_down"] = down;
                break;
            case "enable":
                backend.SetDisabled(ctx, Find(), false, null);
                result["status"] = "enabled";
                break;
            case "disable":
            case "disable-log-reason":
                var reason = id == "disable-log-reason" ? SimulatorBackend.Text(o["disabled_reason"]) ?? throw new FaultResponse(400, "Missing disabled reason field") : null;
                backend.SetDisabled(ctx, Find(), true, reason);
                result["status"] = "disabled";
                if (reason is not null) result["disabled_reason"] = reason;
                break;
            default:
                throw new FaultResponse(404, "Unknown action");
        }
        await WriteOkAsync(call, 200, new JsonObject { ["service"] = result });
    }

    // ------------------------------------------------------------------ writing responses

    private async Task MissingTokenAsync(HttpContext http, string url)
    {
        if (backend.Options.MissingToken == MissingTokenBehaviour.LegacyNoAuth)
        {
            http.Response.Headers["X-Auth-Token"] = "admin:admin";
            http.Response.Headers["X-Server-Management-Url"] = url.TrimEnd('/');
            http.Response.StatusCode = 204;
            http.Response.ContentType = "text/plain";
            return;
        }
        http.Response.Headers.WWWAuthenticate = "Keystone uri=\"http://127.0.0.1:5000\"";
        await WriteJsonAsync(http, 401, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = 401, ["title"] = "Unauthorized", ["message"] = "The request you have made requires authentication.",
            },
        }, JsonType);
    }

    /// <summary>A route Nova does not have: webob's own 404 (plain text, or JSON when the client accepts it).</summary>
    private static async Task WebobNotFoundAsync(HttpContext http)
    {
        var accept = http.Request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase))
            await WriteJsonAsync(http, 404, new JsonObject
            {
                ["message"] = "The resource could not be found.<br /><br />\n\n\n", ["code"] = "404 Not Found", ["title"] = "Not Found",
            }, "application/json");
        else if (accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            await WriteRawAsync(http, 404, "text/html; charset=UTF-8", Encoding.UTF8.GetBytes(
                "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>"));
        else
            await WritePlainAsync(http, 404, "404 Not Found\n\nThe resource could not be found.\n\n   ");
    }

    private void SetVersionHeaders(Call call, Microversion? version = null)
    {
        var v = version ?? call.Version;
        if (v is null || Faults.Has(Fault.NoMicroversionEcho)) return;
        var headers = call.Http.Response.Headers;
        headers[VersionHeader] = "compute " + v.Value;
        headers[LegacyVersionHeader] = v.Value.ToString();
        headers.Append("Vary", VersionHeader);
        headers.Append("Vary", LegacyVersionHeader);
    }

    private async Task WriteOkAsync(Call call, int code, JsonNode? body)
    {
        SetVersionHeaders(call);
        if (call.IsAction && Faults.Has(Fault.Garbage))
        {
            await WriteRawAsync(call.Http, code, JsonType, Encoding.UTF8.GetBytes("<html><body>Simulated garbage (fault profile garbage)</body></html>"));
            return;
        }
        if (code == 204)
        {
            call.Http.Response.StatusCode = 204;
            return;
        }
        if (body is null)
        {
            await WriteRawAsync(call.Http, code, JsonType, []);
            return;
        }
        await WriteJsonAsync(call.Http, code, body, JsonType);
    }

    private async Task WriteFaultAsync(Call call, int code, string message)
    {
        SetVersionHeaders(call);
        if (call.IsAction && Faults.Has(Fault.Garbage))
        {
            await WriteRawAsync(call.Http, code, FaultType, Encoding.UTF8.GetBytes("<html><body>Simulated garbage (fault profile garbage)</body></html>"));
            return;
        }
        var inner = new JsonObject { ["code"] = code, ["message"] = message };
        JsonObject body = Faults.Has(Fault.WrongErrorShape) ? inner : new JsonObject { [FaultKind(code)] = inner };
        await WriteJsonAsync(call.Http, code, body, FaultType);
    }

    /// <summary>Nova's Fault names by HTTP code: the kit's one table (<see cref="NovaErrorKinds"/>).</summary>
    public static string FaultKind(int code) => NovaErrorKinds.For(code);

    private static Task WriteJsonAsync(HttpContext http, int code, JsonNode body, string contentType) =>
        WriteRawAsync(http, code, contentType, Encoding.UTF8.GetBytes(body.ToJsonString(Compact)));

    private static Task WritePlainAsync(HttpContext http, int code, string text) =>
        WriteRawAsync(http, code, "text/plain; charset=UTF-8", Encoding.UTF8.GetBytes(text));

    private static async Task WriteRawAsync(HttpContext http, int code, string contentType, byte[] body)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        if (body.Length > 0 && !HttpMethods.IsHead(http.Request.Method)) await http.Response.Body.WriteAsync(body);
    }
}
