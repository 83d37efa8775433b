using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;
using Microsoft.AspNetCore.Http;

namespace ConformanceKit.Simulator.Http;

/// <summary>The simulator's HTTP side: the image proxy routes (removed in 2.36).</summary>
internal sealed partial class NovaHttpApi
{
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
}
