using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for reboot, rebuild, rescue.</summary>
internal static partial class ActionHandlers
{
    private sealed class Reboot : ActionHandler
    {
        public override string? Variant(ActionCall c) =>
            Str(c.Args?["type"])?.ToUpperInvariant() == "HARD" ? "HARD" : "SOFT";
    }

    private sealed class Rebuild : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            var imageId = SimulatorBackend.IdFromHref(c.ArgString("imageRef"));
            if (c.Backend.FindImage(c.Context, imageId) is null) throw NovaApiException.BadRequest("Cannot find image for rebuild");
            c.Values["image"] = imageId;
        }

        public override void Accept(ActionCall c)
        {
            var s = c.Server;
            var args = (JsonObject)c.Args!;
            if (!NoEffect(c)) s.ImageId = c.Values["image"]!;
            if (Str(args["name"]) is { } name) s.Name = name.Trim();
            if (args["metadata"] is JsonObject md) s.Metadata = md.ToDictionary(p => p.Key, p => SimulatorBackend.Text(p.Value) ?? "");
            if (args.ContainsKey("description") && c.AtLeast(NovaMicroversions.ServerDescription)) s.Description = Str(args["description"]);
            if (args.ContainsKey("key_name") && c.AtLeast(NovaMicroversions.KeyNameInRebuild)) s.KeyName = Str(args["key_name"]);
            if (args.ContainsKey("user_data") && c.AtLeast(NovaMicroversions.UserDataReplacesPersonality)) s.UserData = Str(args["user_data"]);
            if (Str(args["hostname"]) is { } hostname && c.AtLeast(NovaMicroversions.Hostname)) s.Hostname = hostname;
            if (Str(args["accessIPv4"]) is { } ip4) s.AccessIPv4 = ip4;
            if (Str(args["accessIPv6"]) is { } ip6) s.AccessIPv6 = ip6;
            if (Str(args["OS-DCF:diskConfig"]) is { } dc) s.DiskConfig = dc;
            c.Outcome.AdminPass = Str(args["adminPass"]) ?? SimulatorBackend.GeneratePassword();
            c.Outcome.RebuildView = s.Clone();
            c.Outcome.Location = (LocationKind.Server, s.Id);
        }
    }

    private sealed class Rescue : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            if (c.Args is JsonObject args && Str(args["rescue_image_ref"]) is { } image && c.Backend.FindImage(c.Context, image) is null)
                throw NovaApiException.BadRequest($"Requested rescue image '{image}' is not supported");
        }

        public override void Accept(ActionCall c)
        {
            var password = (c.Args as JsonObject)?["adminPass"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>() : SimulatorBackend.GeneratePassword();
            c.Outcome.Body = new JsonObject { ["adminPass"] = password };
        }
    }
}
