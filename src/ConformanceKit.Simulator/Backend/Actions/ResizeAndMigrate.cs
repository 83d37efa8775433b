using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for resize and migrate.</summary>
internal static partial class ActionHandlers
{
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
}
