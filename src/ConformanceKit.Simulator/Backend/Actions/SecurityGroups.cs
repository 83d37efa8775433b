using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for security groups.</summary>
internal static partial class ActionHandlers
{
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
}
