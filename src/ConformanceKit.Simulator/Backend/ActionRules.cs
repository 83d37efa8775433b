using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>How Nova reports a member acting on a locked server, which differs per API method.</summary>
public enum LockCheck
{
    /// <summary>The compute API method has no check_instance_lock.</summary>
    None,
    /// <summary>409 "Instance X is locked".</summary>
    Conflict,
    /// <summary>The controller only catches InstanceInvalidState: 409 "Instance X is in an invalid state for 'action'".</summary>
    InvalidState,
    /// <summary>The controller does not expect the error at all: 500 "Unexpected API Error".</summary>
    Unexpected,
}

/// <summary>Which task_state an action accepts (check_instance_state's task_state argument).</summary>
public enum TaskRule
{
    /// <summary>No task_state check.</summary>
    Any,
    /// <summary>task_state must be null (Nova's default for check_instance_state).</summary>
    MustBeNone,
    /// <summary>task_states.ALLOW_REBOOT (HARD reboot).</summary>
    AllowReboot,
}

/// <summary>
/// Facts about one action in REAL Nova (Zed) that the catalogue does not carry, or carries differently:
/// the policy name in 403 messages, the name in 409 messages, how the lock is checked, the task_state the API
/// sets, whether the action is synchronous. Where real Nova's preconditions differ from the catalogue,
/// <see cref="AllowedFromOverride"/> says so (with the reason); real Nova wins.
/// </summary>
public sealed record NovaActionFacts(
    string Policy,
    string ConflictName,
    LockCheck Lock,
    bool Sync = false,
    string? TaskState = null,
    TaskRule TaskRule = TaskRule.MustBeNone,
    IReadOnlyList<string>? AllowedFromOverride = null,
    string? OverrideReason = null,
    bool AnyState = false);

/// <summary>The rules the simulator enforces for one action (variant): catalogue facts plus <see cref="NovaActionFacts"/>.</summary>
public sealed record ActionRule(
    ActionDefinition Definition,
    ActionVariant Variant,
    NovaActionFacts Facts,
    IReadOnlySet<string>? AllowedVmStates,
    string? TaskState,
    TaskRule TaskRule,
    Settlement Settles)
{
    public string Name => Definition.Name;
    public bool AdminOnly => Definition.Policy == ActionPolicy.Admin;
    public bool Sync => Facts.Sync;
}

/// <summary>Builds <see cref="ActionRule"/>s from the catalogue and real Nova's facts.</summary>
public sealed class ActionRules
{
    private const string Servers = "os_compute_api:servers:";

    /// <summary>Real Nova's facts per action (nova/api/openstack/compute/*.py, nova/compute/api.py, nova/policies).</summary>
    public static readonly IReadOnlyDictionary<string, NovaActionFacts> Facts = new Dictionary<string, NovaActionFacts>(StringComparer.Ordinal)
    {
        ["addSecurityGroup"] = new("os_compute_api:os-security-groups:add", "addSecurityGroup", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["removeSecurityGroup"] = new("os_compute_api:os-security-groups:remove", "removeSecurityGroup", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["addFloatingIp"] = new("os_compute_api:os-floating-ips:add", "addFloatingIp", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["removeFloatingIp"] = new("os_compute_api:os-floating-ips:remove", "removeFloatingIp", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["addFixedIp"] = new("os_compute_api:os-multinic:add", "addFixedIp", LockCheck.Unexpected, Sync: true, TaskRule: TaskRule.Any),
        ["removeFixedIp"] = new("os_compute_api:os-multinic:remove", "removeFixedIp", LockCheck.Unexpected, Sync: true, TaskRule: TaskRule.Any),
        ["changePassword"] = new("os_compute_api:os-admin-password", "changePassword", LockCheck.InvalidState, TaskState: TaskStates.UpdatingPassword),
        ["confirmResize"] = new(Servers + "confirm_resize", "confirmResize", LockCheck.Conflict),
        ["revertResize"] = new(Servers + "revert_resize", "revertResize", LockCheck.Conflict),
        ["resize"] = new(Servers + "resize", "resize", LockCheck.Conflict),
        ["createBackup"] = new("os_compute_api:os-create-backup", "createBackup", LockCheck.None, TaskState: TaskStates.ImageBackup),
        ["createImage"] = new(Servers + "create_image", "createImage", LockCheck.None, TaskState: TaskStates.ImageSnapshotPending),
        ["lock"] = new("os_compute_api:os-lock-server:lock", "lock", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["unlock"] = new("os_compute_api:os-lock-server:unlock", "unlock", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["pause"] = new("os_compute_api:os-pause-server:pause", "pause", LockCheck.Conflict),
        ["unpause"] = new("os_compute_api:os-pause-server:unpause", "unpause", LockCheck.Conflict),
        ["suspend"] = new("os_compute_api:os-suspend-server:suspend", "suspend", LockCheck.Conflict),
        ["resume"] = new("os_compute_api:os-suspend-server:resume", "resume", LockCheck.Conflict),
        ["os-start"] = new(Servers + "start", "start", LockCheck.Conflict),
        ["os-stop"] = new(Servers + "stop", "stop", LockCheck.Conflict),
        ["reboot"] = new(Servers + "reboot", "reboot", LockCheck.Conflict),
        ["rebuild"] = new(Servers + "rebuild", "rebuild", LockCheck.Conflict),
        ["rescue"] = new("os_compute_api:os-rescue", "rescue", LockCheck.Conflict),
        ["unrescue"] = new("os_compute_api:os-unrescue", "unrescue", LockCheck.Conflict),
        ["shelve"] = new("os_compute_api:os-shelve:shelve", "shelve", LockCheck.Conflict),
        ["shelveOffload"] = new("os_compute_api:os-shelve:shelve_offload", "shelveOffload", LockCheck.Conflict),
        ["unshelve"] = new("os_compute_api:os-shelve:unshelve", "unshelve", LockCheck.Conflict),
        ["evacuate"] = new("os_compute_api:os-evacuate", "evacuate", LockCheck.None, TaskState: TaskStates.Rebuilding),
        ["forceDelete"] = new("os_compute_api:os-deferred-delete:force", "forceDelete", LockCheck.Conflict, TaskState: TaskStates.Deleting,
            TaskRule: TaskRule.Any),
        ["restore"] = new("os_compute_api:os-deferred-delete:restore", "restore", LockCheck.InvalidState, TaskState: TaskStates.Restoring),
        ["trigger_crash_dump"] = new(Servers + "trigger_crash_dump", "trigger_crash_dump", LockCheck.Conflict, Sync: true),
        ["os-getConsoleOutput"] = new("os_compute_api:os-console-output", "os-getConsoleOutput", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["os-getVNCConsole"] = new("os_compute_api:os-remote-consoles", "get_vnc_console", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["os-getSPICEConsole"] = new("os_compute_api:os-remote-consoles", "get_spice_console", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["os-getRDPConsole"] = new("os_compute_api:os-remote-consoles", "get_rdp_console", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["os-getSerialConsole"] = new("os_compute_api:os-remote-consoles", "get_serial_console", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["injectNetworkInfo"] = new("os_compute_api:os-admin-actions:inject_network_info", "injectNetworkInfo", LockCheck.Conflict, Sync: true, TaskRule: TaskRule.Any),
        ["resetNetwork"] = new("os_compute_api:os-admin-actions:reset_network", "resetNetwork", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["os-resetState"] = new("os_compute_api:os-admin-actions:reset_state", "os-resetState", LockCheck.None, Sync: true, TaskRule: TaskRule.Any),
        ["migrate"] = new("os_compute_api:os-migrate-server:migrate", "migrate", LockCheck.Conflict),
        ["os-migrateLive"] = new("os_compute_api:os-migrate-server:migrate_live", "os-migrateLive", LockCheck.Conflict),
    };

    private readonly ActionCatalogue _catalogue;

    public ActionRules(ActionCatalogue catalogue)
    {
        _catalogue = catalogue;
        var missing = catalogue.Actions.Select(a => a.Name).Where(n => !Facts.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The simulator has no Nova facts for catalogue action(s) {string.Join(", ", missing)}; add them to ActionRules.Facts.");
    }

    public ActionCatalogue Catalogue => _catalogue;

    public bool Knows(string action) => _catalogue.Find(action) is not null;

    /// <summary>The rule for <paramref name="action"/> in variant <paramref name="variant"/> (null: the default variant).</summary>
    public ActionRule For(string action, string? variant = null)
    {
        var def = _catalogue[action];
        var v = def.Variant(variant);
        var facts = Facts[action];
        var allowed = facts.AnyState ? null : facts.AllowedFromOverride ?? v.AllowedFrom;
        var vmStates = allowed?.Select(ServerStatus.VmStateOf).ToHashSet(StringComparer.Ordinal);
        var taskRule = facts.TaskRule;
        if (action == "reboot" && v.Name == "HARD") taskRule = TaskRule.AllowReboot;
        var task = v.TaskState ?? facts.TaskState ?? TaskFor(v.TransitionalStatus);
        return new ActionRule(def, v, facts, vmStates, task, taskRule, v.Settles);
    }

    /// <summary>The task_state Nova sets for a transitional status when the catalogue names none.</summary>
    private static string? TaskFor(string? transitionalStatus) => transitionalStatus switch
    {
        null => null,
        "REBOOT" => TaskStates.RebootPending,
        "HARD_REBOOT" => TaskStates.RebootPendingHard,
        "REBUILD" => TaskStates.Rebuilding,
        "RESIZE" => TaskStates.ResizePrep,
        "REVERT_RESIZE" => TaskStates.ResizeReverting,
        "MIGRATING" => TaskStates.Migrating,
        _ => throw new InvalidOperationException($"No task_state known for transitional status '{transitionalStatus}'."),
    };
}
