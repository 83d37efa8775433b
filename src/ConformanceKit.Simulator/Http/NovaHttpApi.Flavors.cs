using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;
using Microsoft.AspNetCore.Http;

namespace ConformanceKit.Simulator.Http;

/// <summary>The simulator's HTTP side: the flavor routes.</summary>
internal sealed partial class NovaHttpApi
{
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
}
