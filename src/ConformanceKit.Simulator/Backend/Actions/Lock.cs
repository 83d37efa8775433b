using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for lock.</summary>
internal static partial class ActionHandlers
{
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
}
