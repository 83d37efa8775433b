using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;
using Microsoft.AspNetCore.Http;

namespace ConformanceKit.Simulator.Http;

/// <summary>The simulator's HTTP side: the os-services routes (admin).</summary>
internal sealed partial class NovaHttpApi
{
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
}
