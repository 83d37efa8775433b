using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;
using Microsoft.AspNetCore.Http;

namespace ConformanceKit.Simulator.Http;

/// <summary>The simulator's HTTP side: the server routes: create, list, show, metadata, limits, delete, instance actions, interfaces, and POST /servers/{id}/action.</summary>
internal sealed partial class NovaHttpApi
{
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
}
