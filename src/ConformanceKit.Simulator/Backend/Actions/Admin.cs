using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for admin actions.</summary>
internal static partial class ActionHandlers
{
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
}
