using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;
using Microsoft.AspNetCore.Http;

namespace ConformanceKit.Simulator.Http;

/// <summary>The simulator's HTTP side: the security group and floating IP proxy routes (removed in 2.36).</summary>
internal sealed partial class NovaHttpApi
{
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
}
