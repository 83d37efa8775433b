using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for floating and fixed IPs.</summary>
internal static partial class ActionHandlers
{
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
}
