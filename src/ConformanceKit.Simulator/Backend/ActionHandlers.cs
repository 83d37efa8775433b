using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>
/// What is particular to one action, on top of the generic pipeline (schema → lookup → policy → lock → state → transition).
/// Handlers are keyed by action name; they know Nova, not tests.
/// </summary>
internal class ActionHandler
{
    /// <summary>The no-effect fault: the action is answered and settles, but what it should change on the server stays.</summary>
    protected static bool NoEffect(ActionCall c) => c.Backend.Options.Faults.Has(Fault.NoEffect);

    /// <summary>The catalogue variant the request selects (reboot SOFT/HARD, os-resetState error/active).</summary>
    public virtual string? Variant(ActionCall c) => null;

    /// <summary>After schema validation, before the server is looked up.</summary>
    public virtual void BeforeLookup(ActionCall c) { }

    /// <summary>After the policy check, before the lock and state checks (argument checks Nova makes in the controller).</summary>
    public virtual void BeforeLock(ActionCall c) { }

    /// <summary>After the lock and state checks: the compute API's own checks. May throw; nothing has changed yet.</summary>
    public virtual void Check(ActionCall c) { }

    /// <summary>The action is accepted: immediate effects and the response. Must not throw.</summary>
    public virtual void Accept(ActionCall c) { }

    /// <summary>The transition completed: effects that happen on the compute host (vm_state and power state are already set).</summary>
    public virtual void Settle(SimServer s, ActionCall c) { }
}

internal static class ActionHandlers
{
    public static Dictionary<string, ActionHandler> All(ActionCatalogue catalogue)
    {
        var map = new Dictionary<string, ActionHandler>(StringComparer.Ordinal)
        {
            ["addSecurityGroup"] = new AddSecurityGroup(),
            ["removeSecurityGroup"] = new RemoveSecurityGroup(),
            ["addFloatingIp"] = new AddFloatingIp(),
            ["removeFloatingIp"] = new RemoveFloatingIp(),
            ["addFixedIp"] = new AddFixedIp(),
            ["removeFixedIp"] = new RemoveFixedIp(),
            ["confirmResize"] = new ConfirmResize(),
            ["revertResize"] = new RevertResize(),
            ["resize"] = new Resize(),
            ["migrate"] = new Migrate(),
            ["createBackup"] = new CreateBackup(),
            ["createImage"] = new CreateImage(),
            ["lock"] = new LockServer(),
            ["unlock"] = new UnlockServer(),
            ["reboot"] = new Reboot(),
            ["rebuild"] = new Rebuild(),
            ["rescue"] = new Rescue(),
            ["shelve"] = new Shelve(),
            ["shelveOffload"] = new ShelveOffload(),
            ["unshelve"] = new Unshelve(),
            ["evacuate"] = new Evacuate(),
            ["os-getConsoleOutput"] = new ConsoleOutput(),
            ["os-getVNCConsole"] = new RemoteConsole(ConsoleKinds.Vnc, "novnc", "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D"),
            ["os-getSPICEConsole"] = new RemoteConsole(ConsoleKinds.Spice, "spice-html5", "http://127.0.0.1:6082/spice_auto.html?token="),
            ["os-getRDPConsole"] = new RemoteConsole(ConsoleKinds.Rdp, "rdp-html5", "http://127.0.0.1:6083/?token="),
            ["os-getSerialConsole"] = new RemoteConsole(ConsoleKinds.Serial, "serial", "ws://127.0.0.1:6083/?token="),
            ["resetNetwork"] = new ResetNetwork(),
            ["os-resetState"] = new ResetState(),
            ["os-migrateLive"] = new LiveMigrate(),
        };
        foreach (var a in catalogue.Actions) map.TryAdd(a.Name, new ActionHandler());
        return map;
    }

    private static string? Str(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // ------------------------------------------------------------------ security groups

    private abstract class SecurityGroupHandler : ActionHandler
    {
        protected string GroupName(ActionCall c)
        {
            if (c.Args is not JsonObject args) throw NovaApiException.BadRequest("Missing parameter dict");
            if (!args.TryGetPropertyValue("name", out var name)) throw NovaApiException.BadRequest("Security group not specified");
            if (name is null || (name is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim().Length == 0)
                || (name is JsonValue f && f.GetValueKind() == JsonValueKind.False))
                throw NovaApiException.BadRequest("Security group name cannot be empty");
            return Str(name) ?? throw NovaApiException.Unexpected("AttributeError");
        }

        protected SecurityGroup Find(ActionCall c, string name)
        {
            var group = c.Backend.FindSecurityGroup(c.Context.ProjectId, name)
                ?? throw NovaApiException.NotFound($"Security group {name} is not found for project {c.Context.ProjectId}");
            if (c.Server.FixedIps.Count == 0)
                throw NovaApiException.NotFound($"instance_id {c.Server.Id} could not be found as device id on any ports");
            return group;
        }
    }

    private sealed class AddSecurityGroup : SecurityGroupHandler
    {
        public override void Check(ActionCall c) => c.Values["group"] = Find(c, GroupName(c)).Name;

        public override void Accept(ActionCall c)
        {
            var name = c.Values["group"]!;
            if (NoEffect(c)) return;
            if (!c.Server.SecurityGroups.Contains(name)) c.Server.SecurityGroups.Add(name);
        }
    }

    private sealed class RemoveSecurityGroup : SecurityGroupHandler
    {
        public override void Check(ActionCall c)
        {
            var requested = GroupName(c);
            var group = Find(c, requested);
            if (!c.Server.SecurityGroups.Contains(group.Name))
                throw NovaApiException.NotFound($"Security group {requested} not associated with the instance {c.Server.Id}");
            c.Values["group"] = group.Name;
        }

        public override void Accept(ActionCall c)
        {
            if (!NoEffect(c)) c.Server.SecurityGroups.Remove(c.Values["group"]!);
        }
    }

    // ------------------------------------------------------------------ floating and fixed IPs

    private sealed class AddFloatingIp : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            var s = c.Server;
            if (s.FixedIps.Count == 0) throw NovaApiException.BadRequest("Instance network is not ready yet");
            var fixedAddress = c.ArgString("fixed_address");
            if (fixedAddress is not null && s.FixedIps.All(f => f.Address != fixedAddress))
                throw NovaApiException.BadRequest("Specified fixed address not assigned to instance");
            var address = c.ArgString("address")!;
            if (c.Backend.FindFloatingIp(address) is null) throw NovaApiException.NotFound("floating IP not found");
            c.Values["fixed"] = fixedAddress ?? s.FixedIps[0].Address;
        }

        public override void Accept(ActionCall c)
        {
            c.Outcome.BareWebobResponse = true;
            if (NoEffect(c)) return;
            var fip = c.Backend.FindFloatingIp(c.ArgString("address")!)!;
            if (fip.ServerId is { } previous && c.Backend.FindServerLive(previous) is { } old)
                old.FloatingIps.RemoveAll(f => f.Address == fip.Address);
            fip.ServerId = c.Server.Id;
            fip.FixedAddress = c.Values["fixed"];
            var mac = c.Server.FixedIps.First(f => f.Address == fip.FixedAddress).Mac;
            c.Server.FloatingIps.RemoveAll(f => f.Address == fip.Address);
            c.Server.FloatingIps.Add((fip.Address, mac));
            c.Outcome.BareWebobResponse = true;
        }
    }

    private sealed class RemoveFloatingIp : ActionHandler
    {
        // Nova looks the floating IP up first and never looks the server of the URL up.
        public override void BeforeLookup(ActionCall c)
        {
            var address = c.ArgString("address")!;
            var fip = c.Backend.FindFloatingIp(address)
                ?? throw NovaApiException.NotFound($"Floating IP not found for address {address}.");
            SimServer? owner = null;
            if (fip.ServerId is { } sid) owner = c.Backend.Lookup(c.Context, sid, poll: false);
            if (owner is null || !owner.Id.Equals(c.ServerId, StringComparison.OrdinalIgnoreCase))
                throw NovaApiException.Conflict($"Floating IP {address} is not associated with instance {c.ServerId}.");
            if (!NoEffect(c))
            {
                owner.FloatingIps.RemoveAll(f => f.Address == address);
                fip.ServerId = null;
                fip.FixedAddress = null;
            }
            c.Backend.Record(owner, c.Action, c.Context);
            c.Outcome.BareWebobResponse = true;
            c.Done = true;
        }
    }

    private sealed class AddFixedIp : ActionHandler
    {
        // The compute host does the work asynchronously; an unknown network fails there, not in the API.
        public override void Accept(ActionCall c)
        {
            var network = SimulatorBackend.Text(c.Args?["networkId"]);
            if (network == SimulatorBackend.PrivateNetworkId && c.Server.FixedIps.Count > 0)
                c.Server.FixedIps.Add(c.Backend.NewFixedIp());
        }
    }

    private sealed class RemoveFixedIp : ActionHandler
    {
        public override void Accept(ActionCall c)
        {
            var address = c.ArgString("address");
            c.Server.FixedIps.RemoveAll(f => f.Address == address);
        }
    }

    // ------------------------------------------------------------------ resize and migrate

    private static void RequireSourceHostUp(ActionCall c)
    {
        if (c.Backend.ComputeServiceOf(c.Server.Host) is { IsUp: false })
            throw NovaApiException.Conflict("Service is unavailable at this time.");
    }

    private static void BeginMigration(ActionCall c)
    {
        var s = c.Server;
        s.OldFlavorId = s.FlavorId;
        s.ResizeSourceHost = s.Host;
        s.ResizedFromStopped = s.VmState == VmStates.Stopped;
    }

    private sealed class Resize : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            RequireSourceHostUp(c);
            var flavorId = SimulatorBackend.IdFromHref(SimulatorBackend.Text(c.Args?["flavorRef"]));
            if (c.Backend.FindFlavor(flavorId) is null) throw NovaApiException.BadRequest($"Flavor {flavorId} could not be found.");
            if (flavorId == c.Server.FlavorId) throw NovaApiException.BadRequest("When resizing, instances must change flavor!");
            c.Values["flavor"] = flavorId;
        }

        public override void Accept(ActionCall c)
        {
            BeginMigration(c);
            // Nova's resize is a cast: with no other host and allow_resize_to_same_host False the scheduler fails on the
            // conductor (NoValidHost) and the server stays as it was.
            if (!c.Backend.Options.AllowResizeToSameHost && c.Backend.PickHost(except: c.Server.Host) is null)
            {
                c.TargetVmState = c.VmStateBefore;
                c.Values["noValidHost"] = "true";
            }
        }

        public override void Settle(SimServer s, ActionCall c)
        {
            if (c.Values.ContainsKey("noValidHost")) return;
            if (!NoEffect(c)) s.FlavorId = c.Values["flavor"]!;
            if (s.ResizedFromStopped) s.PowerState = PowerStates.Shutdown;
        }
    }

    private sealed class Migrate : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            RequireSourceHostUp(c);
            var host = c.AtLeast(NovaMicroversions.MigrateToHost) ? SimulatorBackend.Text(c.Args?["host"]) : null;
            if (host is not null)
            {
                if (c.Backend.ComputeServiceOf(host) is null) throw NovaApiException.BadRequest($"Compute host {host} could not be found.");
                if (host == c.Server.Host) throw NovaApiException.BadRequest("Cannot migrate to the host where the server exists.");
            }
            c.Values["host"] = host ?? c.Backend.PickHost(except: c.Server.Host);
        }

        public override void Accept(ActionCall c)
        {
            BeginMigration(c);
            // No host to go to: the scheduler fails on the conductor and the server stays where it was.
            if (c.Values["host"] is null) c.TargetVmState = c.VmStateBefore;
        }

        public override void Settle(SimServer s, ActionCall c)
        {
            if (c.Values["host"] is not { } host)
            {
                s.OldFlavorId = null;
                s.ResizeSourceHost = null;
                return;
            }
            if (!NoEffect(c)) s.Host = host;
            if (s.ResizedFromStopped) s.PowerState = PowerStates.Shutdown;
        }
    }

    private sealed class ConfirmResize : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            if (c.Server.OldFlavorId is null) throw NovaApiException.BadRequest("Instance has not been resized.");
        }

        public override void Accept(ActionCall c) => c.TargetVmState = c.Server.ResizedFromStopped ? VmStates.Stopped : VmStates.Active;

        public override void Settle(SimServer s, ActionCall c)
        {
            s.OldFlavorId = null;
            s.ResizeSourceHost = null;
            s.ResizedFromStopped = false;
        }
    }

    private sealed class RevertResize : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            if (c.Server.OldFlavorId is null) throw NovaApiException.BadRequest("Instance has not been resized.");
        }

        public override void Accept(ActionCall c) => c.TargetVmState = c.Server.ResizedFromStopped ? VmStates.Stopped : VmStates.Active;

        public override void Settle(SimServer s, ActionCall c)
        {
            s.FlavorId = s.OldFlavorId ?? s.FlavorId;
            s.Host = s.ResizeSourceHost ?? s.Host;
            s.OldFlavorId = null;
            s.ResizeSourceHost = null;
            s.ResizedFromStopped = false;
        }
    }

    // ------------------------------------------------------------------ images

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

    // ------------------------------------------------------------------ lock

    private sealed class LockServer : ActionHandler
    {
        public override void Accept(ActionCall c)
        {
            var s = c.Server;
            var isOwner = s.ProjectId == c.Context.ProjectId;
            if (s.Locked && isOwner) return;
            s.Locked = true;
            s.LockedBy = isOwner ? "owner" : "admin";
            if (c.AtLeast(NovaMicroversions.LockedReason) && c.Args is JsonObject args && Str(args["locked_reason"]) is { Length: > 0 } reason)
                s.LockedReason = reason;
            s.Updated = c.Backend.Now;
        }
    }

    private sealed class UnlockServer : ActionHandler
    {
        public override void BeforeLock(ActionCall c)
        {
            var s = c.Server;
            var expected = s.ProjectId == c.Context.ProjectId ? "owner" : "admin";
            if (s.LockedBy is { } by && by != expected && !c.Context.IsAdmin && !c.Backend.Options.Faults.Has(Fault.PolicyOpen))
                throw NovaApiException.PolicyForbids("os_compute_api:os-lock-server:unlock:unlock_override");
        }

        public override void Accept(ActionCall c)
        {
            c.Server.Locked = false;
            c.Server.LockedBy = null;
            c.Server.LockedReason = null;
            c.Server.Updated = c.Backend.Now;
        }
    }

    // ------------------------------------------------------------------ reboot, rebuild, rescue

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

    // ------------------------------------------------------------------ shelve

    private sealed class Shelve : ActionHandler
    {
        public override void Accept(ActionCall c)
        {
            if (c.Backend.Options.OffloadOnShelve) c.TargetVmState = VmStates.ShelvedOffloaded;
        }

        public override void Settle(SimServer s, ActionCall c)
        {
            if (s.VmState == VmStates.ShelvedOffloaded) s.Host = null;
        }
    }

    private sealed class ShelveOffload : ActionHandler
    {
        public override void Settle(SimServer s, ActionCall c)
        {
            if (s.VmState == VmStates.ShelvedOffloaded) s.Host = null;
        }
    }

    private sealed class Unshelve : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            if (!c.AtLeast(NovaMicroversions.UnshelveToZone) || c.Args is not JsonObject args) return;
            var azPassed = args.ContainsKey("availability_zone");
            var host = c.AtLeast(NovaMicroversions.UnshelveToHost) ? Str(args["host"]) : null;
            if ((azPassed || host is not null) && c.Server.VmState != VmStates.ShelvedOffloaded)
                throw NovaApiException.Conflict(
                    $"Specifying an availability zone or a host when unshelving server \"{c.Server.Id}\" with status \"{c.Server.VmState}\" is not supported. The server status must be SHELVED_OFFLOADED.");
            if (host is null) return;
            if (!c.Context.IsAdmin && !c.Backend.Options.Faults.Has(Fault.PolicyOpen))
                throw NovaApiException.PolicyForbids("os_compute_api:os-shelve:unshelve_to_host");
            if (c.Backend.ComputeServiceOf(host) is null) throw NovaApiException.BadRequest($"Compute host {host} could not be found.");
            c.Values["host"] = host;
        }

        public override void Settle(SimServer s, ActionCall c)
        {
            if (s.Host is null) s.Host = c.Values.GetValueOrDefault("host") ?? c.Backend.PickHost(except: null);
        }
    }

    // ------------------------------------------------------------------ evacuate and live migration

    private sealed class Evacuate : ActionHandler
    {
        public override void BeforeLock(ActionCall c)
        {
            var args = c.Args as JsonObject;
            var host = Str(args?["host"]);
            if (!c.AtLeast(NovaMicroversions.EvacuateWithoutBody))
            {
                var shared = BoolFromString(args?["onSharedStorage"]);
                if (args?.ContainsKey("adminPass") == true && shared)
                    throw NovaApiException.BadRequest("admin password can't be changed on existing disk");
                c.Values["password"] = Str(args?["adminPass"]) ?? (shared ? null : SimulatorBackend.GeneratePassword());
            }
            if (c.AtLeast(NovaMicroversions.EvacuateForce) && BoolFromString(args?["force"]) && host is null)
                throw NovaApiException.BadRequest("Can't force to a non-provided destination");
            if (host is not null && c.Backend.ComputeServiceOf(host) is null)
                throw NovaApiException.NotFound($"Compute host {host} not found.");
            if (c.Server.Host == host)
                throw NovaApiException.BadRequest("The target host can't be the same one.");
            c.Values["host"] = host;
        }

        public override void Check(ActionCall c)
        {
            var source = c.Backend.ComputeServiceOf(c.Server.Host);
            if (source is { IsUp: true }) throw NovaApiException.BadRequest($"Compute service of {c.Server.Host} is still in use.");
            c.Values["source"] = c.Server.Host;
            c.Values["host"] ??= c.Backend.PickHost(except: c.Server.Host);
        }

        public override void Accept(ActionCall c)
        {
            // Real Nova rebuilds on the new host: a stopped server stays stopped, others come back ACTIVE; from 2.95 all end SHUTOFF.
            c.TargetVmState = c.AtLeast(NovaMicroversions.EvacuateToStopped) || c.VmStateBefore == VmStates.Stopped ? VmStates.Stopped : VmStates.Active;
            if (!c.AtLeast(NovaMicroversions.EvacuateWithoutBody)) c.Outcome.Body = new JsonObject { ["adminPass"] = c.Values["password"] };
        }

        public override void Settle(SimServer s, ActionCall c)
        {
            if (c.Values["host"] is not { } host) return;
            if (!NoEffect(c)) s.Host = host;
            if (c.Backend.ComputeServiceOf(c.Values["source"]) is { } source) source.DoneEvacuations++;
        }
    }

    private sealed class LiveMigrate : ActionHandler
    {
        public override void BeforeLock(ActionCall c)
        {
            var host = Str(c.Args?["host"]);
            if (c.AtLeast(NovaMicroversions.LiveMigrateForce) && BoolFromString(c.Args?["force"]) && host is null)
                throw NovaApiException.BadRequest("Can't force to a non-provided destination");
            c.Values["host"] = host;
        }

        public override void Check(ActionCall c)
        {
            var host = c.Values["host"];
            var asyncErrors = c.AtLeast(NovaMicroversions.LiveMigrateAsyncChecks);
            if (host is not null && c.Backend.ComputeServiceOf(host) is null)
                throw NovaApiException.BadRequest($"Compute host {host} could not be found.");
            if (host is not null && host == c.Server.Host)
            {
                if (!asyncErrors) throw NovaApiException.BadRequest($"Unable to migrate instance ({c.Server.Id}) to current host ({host}).");
                c.Values["host"] = null;
                return;
            }
            host ??= c.Backend.PickHost(except: c.Server.Host);
            if (host is null && !asyncErrors)
                throw NovaApiException.BadRequest("No valid host was found. There are not enough hosts available.");
            c.Values["host"] = host;
        }

        public override void Settle(SimServer s, ActionCall c)
        {
            if (c.Values["host"] is { } host && !NoEffect(c)) s.Host = host;
        }
    }

    // ------------------------------------------------------------------ consoles

    private sealed class ConsoleOutput : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            if (c.Server.Host is null) throw NovaApiException.Conflict($"Instance {c.Server.Id} is not ready");
        }

        public override void Accept(ActionCall c)
        {
            var s = c.Server;
            var lines = new[]
            {
                "[    0.000000] Linux version 5.10.0-simulated (nova-conformance-kit)",
                "[    0.000000] Command line: root=/dev/vda1 console=ttyS0",
                "[    0.412345] Freeing unused kernel memory: 1024K",
                "[    1.234567] EXT4-fs (vda1): mounted filesystem with ordered data mode",
                "[    2.000000] systemd[1]: Set hostname to <" + s.Hostname + ">.",
                "Starting network interfaces...",
                "cloud-init: instance-id: " + s.Id,
                "cloud-init: local-hostname: " + s.Hostname,
                "cloud-init: fetching metadata from http://169.254.169.254/",
                "Reached target Multi-User System.",
                "Debian GNU/Linux 12 " + s.Hostname + " ttyS0",
                s.Hostname + " login:",
            };
            var text = string.Join('\n', lines);
            var lengthNode = c.Args?["length"];
            string output;
            if (lengthNode is null || NoEffect(c)) output = text;
            else
            {
                var length = int.Parse(SimulatorBackend.Text(lengthNode)!, System.Globalization.CultureInfo.InvariantCulture);
                // nova's _tail_log: 0 gives nothing; Python's [-length:] slicing (so -1 drops the first line).
                output = length == 0 ? ""
                    : length > 0 ? string.Join('\n', lines.Skip(Math.Max(0, lines.Length - length)))
                    : string.Join('\n', lines.Skip(-length));
            }
            c.Outcome.Body = new JsonObject { ["output"] = output };
        }
    }

    private sealed class RemoteConsole(ConsoleKinds kind, string validType, string urlBase) : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            var s = c.Server;
            if (s.Host is null) throw NovaApiException.Conflict($"Instance {s.Id} is not ready");
            if (s.TaskState is TaskStates.Deleting or TaskStates.Migrating)
            {
                if (kind == ConsoleKinds.Vnc)
                    throw NovaApiException.Conflict($"Cannot '{c.Rule.Facts.ConflictName}' instance {c.ServerId} while it is in task_state {s.TaskState}");
                throw NovaApiException.Unexpected("nova.exception.InstanceInvalidState");
            }
            var type = c.ArgString("type")!;
            if (!c.Backend.Options.EnabledConsoles.HasFlag(kind)) throw NovaApiException.BadRequest($"Unavailable console type {type}.");
            if (type != validType) throw NovaApiException.Unexpected("nova.exception.ConsoleTypeInvalid");
        }

        public override void Accept(ActionCall c) => c.Outcome.Body = new JsonObject
        {
            ["console"] = new JsonObject { ["type"] = c.ArgString("type"), ["url"] = urlBase + Guid.NewGuid() },
        };
    }

    // ------------------------------------------------------------------ admin actions

    private sealed class ResetNetwork : ActionHandler
    {
        public override void BeforeLookup(ActionCall c) =>
            throw new NovaApiException(410, "This resource is no longer available. No forwarding address is given.");
    }

    private sealed class ResetState : ActionHandler
    {
        public override string? Variant(ActionCall c) => c.ArgString("state");

        public override void Accept(ActionCall c)
        {
            var s = c.Server;
            s.Pending = null;
            s.VmState = c.ArgString("state") == "error" ? VmStates.Error : VmStates.Active;
            s.TaskState = null;
            s.Updated = c.Backend.Now;
        }
    }

    /// <summary>oslo's strutils.bool_from_string (non-strict): true for 1/t/true/on/y/yes, else false.</summary>
    private static bool BoolFromString(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim().ToLowerInvariant() is "1" or "t" or "true" or "on" or "y" or "yes",
        _ => false,
    };
}
