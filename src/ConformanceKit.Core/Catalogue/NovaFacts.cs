namespace ConformanceKit.Core.Catalogue;

/// <summary>How Nova reports a member acting on a locked server, which differs per API method.</summary>
public enum LockCheck
{
    /// <summary>The compute API method has no check_instance_lock ("unchecked").</summary>
    None,
    /// <summary>409 "Instance X is locked" ("conflict").</summary>
    Conflict,
    /// <summary>The controller only catches InstanceInvalidState: 409 "Instance X is in an invalid state for 'action'" ("invalid-state").</summary>
    InvalidState,
    /// <summary>The controller does not expect the error at all: 500 "Unexpected API Error" ("unexpected").</summary>
    Unexpected,
}

/// <summary>Which task_state an action accepts (check_instance_state's task_state argument).</summary>
public enum TaskRule
{
    /// <summary>No task_state check ("any").</summary>
    Any,
    /// <summary>task_state must be null, Nova's default for check_instance_state ("none").</summary>
    MustBeNone,
    /// <summary>task_states.ALLOW_REBOOT ("allow-reboot").</summary>
    AllowReboot,
}

/// <summary>
/// How real Nova implements an action, beyond what the api-ref documents (the "nova" object of catalogue/actions/NAME.json):
/// the policy rule named in 403 messages, the name in 409 messages, how the lock is checked, the task_state the API sets,
/// whether the work is done before the answer. The simulator's state rules are built from these and the catalogue entry.
/// </summary>
public sealed record NovaFacts(
    string PolicyRule,
    string ConflictName,
    LockCheck Lock,
    bool Sync,
    string? TaskState,
    TaskRule TaskRule,
    IReadOnlyList<string>? AllowedFromOverride,
    string? OverrideReason,
    bool AnyState)
{
    internal static NovaFacts Parse(System.Text.Json.Nodes.JsonObject o)
    {
        string Req(string key) => o[key]?.GetValue<string>() ?? throw new FormatException($"nova.{key} is missing");
        var known = new HashSet<string> { "policyRule", "conflictName", "lock", "sync", "taskState", "taskRule", "allowedFromOverride", "overrideReason", "anyState" };
        var unknown = o.Select(kv => kv.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0) throw new FormatException($"nova has unknown keys {string.Join(", ", unknown)}");
        return new NovaFacts(
            Req("policyRule"),
            Req("conflictName"),
            Req("lock") switch
            {
                "unchecked" => LockCheck.None,
                "conflict" => LockCheck.Conflict,
                "invalid-state" => LockCheck.InvalidState,
                "unexpected" => LockCheck.Unexpected,
                var l => throw new FormatException($"nova.lock '{l}' is not one of unchecked, conflict, invalid-state, unexpected"),
            },
            o["sync"]?.GetValue<bool>() ?? false,
            o["taskState"]?.GetValue<string>(),
            (o["taskRule"]?.GetValue<string>() ?? "none") switch
            {
                "none" => TaskRule.MustBeNone,
                "any" => TaskRule.Any,
                "allow-reboot" => TaskRule.AllowReboot,
                var t => throw new FormatException($"nova.taskRule '{t}' is not one of none, any, allow-reboot"),
            },
            o["allowedFromOverride"]?.AsArray().Select(n => n!.GetValue<string>()).ToList(),
            o["overrideReason"]?.GetValue<string>(),
            o["anyState"]?.GetValue<bool>() ?? false);
    }
}
