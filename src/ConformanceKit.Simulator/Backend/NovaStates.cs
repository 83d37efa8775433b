namespace ConformanceKit.Simulator.Backend;

/// <summary>Nova's vm_state values (nova.compute.vm_states), as they appear in OS-EXT-STS:vm_state and 409 messages.</summary>
public static class VmStates
{
    public const string Active = "active";
    public const string Building = "building";
    public const string Paused = "paused";
    public const string Suspended = "suspended";
    public const string Stopped = "stopped";
    public const string Rescued = "rescued";
    public const string Resized = "resized";
    public const string SoftDeleted = "soft-delete";
    public const string Deleted = "deleted";
    public const string Error = "error";
    public const string Shelved = "shelved";
    public const string ShelvedOffloaded = "shelved_offloaded";
}

/// <summary>Nova's task_state values used by the simulator (nova.compute.task_states).</summary>
public static class TaskStates
{
    public const string Scheduling = "scheduling";
    public const string Rebooting = "rebooting";
    public const string RebootPending = "reboot_pending";
    public const string RebootStarted = "reboot_started";
    public const string RebootingHard = "rebooting_hard";
    public const string RebootPendingHard = "reboot_pending_hard";
    public const string RebootStartedHard = "reboot_started_hard";
    public const string UpdatingPassword = "updating_password";
    public const string Rebuilding = "rebuilding";
    public const string Migrating = "migrating";
    public const string ResizePrep = "resize_prep";
    public const string ResizeReverting = "resize_reverting";
    public const string Pausing = "pausing";
    public const string Unpausing = "unpausing";
    public const string Suspending = "suspending";
    public const string Resuming = "resuming";
    public const string PoweringOff = "powering-off";
    public const string PoweringOn = "powering-on";
    public const string Rescuing = "rescuing";
    public const string Unrescuing = "unrescuing";
    public const string Shelving = "shelving";
    public const string ShelvingOffloading = "shelving_offloading";
    public const string Unshelving = "unshelving";
    public const string Restoring = "restoring";
    public const string Deleting = "deleting";
    public const string SoftDeleting = "soft-deleting";
    public const string ImageSnapshotPending = "image_snapshot_pending";
    public const string ImageBackup = "image_backup";

    /// <summary>task_states.ALLOW_REBOOT: the task states a HARD reboot is accepted from.</summary>
    public static readonly IReadOnlySet<string?> AllowReboot = new HashSet<string?>
    {
        null, Rebooting, RebootPending, RebootStarted, Resuming, RebootingHard, Unpausing, Pausing, Suspending,
    };
}

/// <summary>Power states as the libvirt driver reports them (reference-nova.md): 0 no state, 1 running, 3 paused, 4 shut down.</summary>
public static class PowerStates
{
    public const int NoState = 0;
    public const int Running = 1;
    public const int Paused = 3;
    public const int Shutdown = 4;
}

/// <summary>The API status derived from (vm_state, task_state), as nova.api.openstack.common.status_from_state does.</summary>
public static class StatusFromState
{
    private static readonly Dictionary<string, (string Default, Dictionary<string, string> ByTask)> Map = new()
    {
        [VmStates.Active] = ("ACTIVE", new()
        {
            [TaskStates.Rebooting] = "REBOOT", [TaskStates.RebootPending] = "REBOOT", [TaskStates.RebootStarted] = "REBOOT",
            [TaskStates.RebootingHard] = "HARD_REBOOT", [TaskStates.RebootPendingHard] = "HARD_REBOOT", [TaskStates.RebootStartedHard] = "HARD_REBOOT",
            [TaskStates.UpdatingPassword] = "PASSWORD",
            [TaskStates.Rebuilding] = "REBUILD", ["rebuild_block_device_mapping"] = "REBUILD", ["rebuild_spawning"] = "REBUILD",
            [TaskStates.Migrating] = "MIGRATING",
            [TaskStates.ResizePrep] = "RESIZE", ["resize_migrating"] = "RESIZE", ["resize_migrated"] = "RESIZE", ["resize_finish"] = "RESIZE",
        }),
        [VmStates.Building] = ("BUILD", new()),
        [VmStates.Stopped] = ("SHUTOFF", new()
        {
            [TaskStates.ResizePrep] = "RESIZE", ["resize_migrating"] = "RESIZE", ["resize_migrated"] = "RESIZE", ["resize_finish"] = "RESIZE",
            [TaskStates.Rebuilding] = "REBUILD", ["rebuild_block_device_mapping"] = "REBUILD", ["rebuild_spawning"] = "REBUILD",
        }),
        [VmStates.Resized] = ("VERIFY_RESIZE", new() { [TaskStates.ResizeReverting] = "REVERT_RESIZE" }),
        [VmStates.Paused] = ("PAUSED", new() { [TaskStates.Migrating] = "MIGRATING" }),
        [VmStates.Suspended] = ("SUSPENDED", new()),
        [VmStates.Rescued] = ("RESCUE", new()),
        [VmStates.Error] = ("ERROR", new()
        {
            [TaskStates.Rebuilding] = "REBUILD", ["rebuild_block_device_mapping"] = "REBUILD", ["rebuild_spawning"] = "REBUILD",
        }),
        [VmStates.Deleted] = ("DELETED", new()),
        [VmStates.SoftDeleted] = ("SOFT_DELETED", new()),
        [VmStates.Shelved] = ("SHELVED", new()),
        [VmStates.ShelvedOffloaded] = ("SHELVED_OFFLOADED", new()),
    };

    /// <summary>The API status for a vm_state and task_state.</summary>
    public static string From(string vmState, string? taskState)
    {
        if (!Map.TryGetValue(vmState, out var entry)) return "UNKNOWN";
        return taskState is not null && entry.ByTask.TryGetValue(taskState, out var s) ? s : entry.Default;
    }

    /// <summary>The vm_state behind a stable API status of the catalogue (ACTIVE → active, SHUTOFF → stopped…).</summary>
    public static string VmStateOf(string status) => status switch
    {
        "ACTIVE" => VmStates.Active,
        "SHUTOFF" => VmStates.Stopped,
        "PAUSED" => VmStates.Paused,
        "SUSPENDED" => VmStates.Suspended,
        "RESCUE" => VmStates.Rescued,
        "VERIFY_RESIZE" => VmStates.Resized,
        "SHELVED" => VmStates.Shelved,
        "SHELVED_OFFLOADED" => VmStates.ShelvedOffloaded,
        "ERROR" => VmStates.Error,
        "SOFT_DELETED" => VmStates.SoftDeleted,
        "BUILD" => VmStates.Building,
        _ => throw new ArgumentException($"'{status}' is not a stable server status with its own vm_state."),
    };

    /// <summary>The power state a server settles in for a vm_state (libvirt-like, see reference-nova.md).</summary>
    public static int PowerStateOf(string vmState, int current) => vmState switch
    {
        VmStates.Active or VmStates.Rescued or VmStates.Resized => PowerStates.Running,
        VmStates.Paused => PowerStates.Paused,
        VmStates.Stopped or VmStates.Suspended or VmStates.Shelved or VmStates.SoftDeleted => PowerStates.Shutdown,
        VmStates.ShelvedOffloaded or VmStates.Building => PowerStates.NoState,
        _ => current,
    };
}
