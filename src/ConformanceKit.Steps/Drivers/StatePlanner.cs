using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Steps.Drivers;

/// <summary>One step on the way to a status: an action (and variant), or deleting the server.</summary>
public sealed record PlanStep(string? Action, string? Variant, string Reaches)
{
    public bool IsDelete => Action is null;
    public override string ToString() => IsDelete ? $"DELETE → {Reaches}" : $"{Action}{(Variant is null ? "" : $" ({Variant})")} → {Reaches}";
}

/// <summary>
/// Finds the shortest sequence of catalogue actions that brings a server from one stable status to another,
/// using each action's allowed statuses and settled status. DELETE (soft delete) is the way to SOFT_DELETED.
/// </summary>
public sealed class StatePlanner(ActionCatalogue catalogue)
{
    /// <summary>Actions never used to prepare a state: they need a host down, remove the server, or change nothing.</summary>
    private static readonly HashSet<string> NotForSetup = ["evacuate", "forceDelete", "os-migrateLive", "migrate", "rebuild", "restore"];

    public IReadOnlyList<PlanStep> Plan(string from, string to)
    {
        if (from == to) return [];
        var previous = new Dictionary<string, (string From, PlanStep Step)>();
        var queue = new Queue<string>([from]);
        var seen = new HashSet<string> { from };
        while (queue.Count > 0)
        {
            var status = queue.Dequeue();
            foreach (var step in Edges(status))
            {
                if (!seen.Add(step.Reaches)) continue;
                previous[step.Reaches] = (status, step);
                if (step.Reaches == to) return Walk(previous, from, to);
                queue.Enqueue(step.Reaches);
            }
        }
        throw new InvalidOperationException($"The catalogue has no way from {from} to {to}.");
    }

    private static List<PlanStep> Walk(Dictionary<string, (string From, PlanStep Step)> previous, string from, string to)
    {
        var path = new List<PlanStep>();
        for (var s = to; s != from; s = previous[s].From) path.Add(previous[s].Step);
        path.Reverse();
        return path;
    }

    private IEnumerable<PlanStep> Edges(string status)
    {
        if (status is "ACTIVE" or "SHUTOFF") yield return new PlanStep(null, null, "SOFT_DELETED");
        foreach (var action in catalogue.Actions.Where(a => !NotForSetup.Contains(a.Name)))
        {
            var variants = action.Variants.Count > 0 ? action.Variants.Values : [action.Default];
            foreach (var v in variants)
            {
                // No documented precondition: the action is accepted from any status.
                if (v.AllowedFrom is not null && !v.AllowedFrom.Contains(status)) continue;
                if (v.Settles is not Settlement.Status target || target.Value == status) continue;
                yield return new PlanStep(action.Name, action.Variants.Count > 0 ? v.Name : null, target.Value);
            }
        }
    }
}
