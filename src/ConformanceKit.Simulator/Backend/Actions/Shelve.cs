using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for shelve.</summary>
internal static partial class ActionHandlers
{
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
}
