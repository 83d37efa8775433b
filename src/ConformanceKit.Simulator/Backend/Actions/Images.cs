using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for images.</summary>
internal static partial class ActionHandlers
{
    private abstract class SnapshotHandler : ActionHandler
    {
        protected SimImage Snapshot(ActionCall c, string type, IDictionary<string, string> extra)
        {
            var props = new Dictionary<string, string>(extra)
            {
                ["image_type"] = type,
                ["instance_uuid"] = c.Server.Id,
                ["base_image_ref"] = c.Server.ImageId,
                ["user_id"] = c.Context.UserId,
            };
            if (c.Args?["metadata"] is JsonObject md)
                foreach (var (k, v) in md) props[k] = SimulatorBackend.Text(v) ?? "";
            var flavor = c.Backend.FindFlavor(c.Server.FlavorId);
            var image = new SimImage(Guid.NewGuid().ToString(), SimulatorBackend.Text(c.Args?["name"])!.Trim(), c.Server.ProjectId, c.Backend.Now)
            {
                Status = "SAVING",
                MinDisk = flavor?.DiskGb ?? 0,
                MinRam = 0,
                Properties = props,
            };
            c.Backend.AddImage(image);
            c.Values["image"] = image.Id;
            return image;
        }

        public override void Settle(SimServer s, ActionCall c)
        {
            if (c.Backend.AllImages.FirstOrDefault(i => i.Id == c.Values["image"]) is { } image)
                c.Backend.ReplaceImage(image with { Status = "ACTIVE" });
        }
    }

    private sealed class CreateImage : SnapshotHandler
    {
        public override void Accept(ActionCall c)
        {
            var image = Snapshot(c, "snapshot", new Dictionary<string, string>());
            if (c.AtLeast(NovaMicroversions.ImageIdInBody)) c.Outcome.Body = new JsonObject { ["image_id"] = image.Id };
            else
            {
                c.Outcome.BareWebobResponse = true;
                c.Outcome.Location = (LocationKind.GlanceImage, image.Id);
            }
        }
    }

    private sealed class CreateBackup : SnapshotHandler
    {
        public override void Accept(ActionCall c)
        {
            var backupType = SimulatorBackend.Text(c.Args?["backup_type"])!;
            var rotation = int.Parse(SimulatorBackend.Text(c.Args?["rotation"])!, System.Globalization.CultureInfo.InvariantCulture);
            c.Values["rotation"] = rotation.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var image = Snapshot(c, "backup", new Dictionary<string, string> { ["backup_type"] = backupType });
            if (c.AtLeast(NovaMicroversions.ImageIdInBody)) c.Outcome.Body = new JsonObject { ["image_id"] = image.Id };
            else
            {
                c.Outcome.BareWebobResponse = true;
                if (rotation > 0) c.Outcome.Location = (LocationKind.ComputeImage, image.Id);
            }
        }

        public override void Settle(SimServer s, ActionCall c)
        {
            base.Settle(s, c);
            // Rotation: keep the newest N backups of this server and backup type.
            var image = c.Backend.AllImages.FirstOrDefault(i => i.Id == c.Values["image"]);
            var rotation = int.Parse(c.Values["rotation"]!, System.Globalization.CultureInfo.InvariantCulture);
            var backups = c.Backend.AllImages
                .Where(i => i.ImageType == "backup" && i.InstanceUuid == s.Id && i.Properties.GetValueOrDefault("backup_type") == image?.Properties.GetValueOrDefault("backup_type"))
                .OrderByDescending(i => i.Created).ThenByDescending(i => i.Id == image?.Id)
                .ToList();
            foreach (var old in backups.Skip(rotation)) c.Backend.RemoveImage(old.Id);
        }
    }
}
