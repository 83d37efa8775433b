using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for evacuate and live migration.</summary>
internal static partial class ActionHandlers
{
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
}
