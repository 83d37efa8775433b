using ConformanceKit.Gherkin;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// What a scenario needs from a cloud's configuration that Nova's shipped defaults do not give, and how an operator
/// enables it. Clouds on the shipped defaults conform: on them these scenarios are skipped with these reasons, never failed.
/// </summary>
public static class DeploymentSettings
{
    /// <summary>DELETE removed the server at once instead of leaving it SOFT_DELETED.</summary>
    public static ScenarioSkippedException NoSoftDelete() => new(
        "This cloud deletes servers at once: soft delete is off (Nova's [DEFAULT] reclaim_instance_interval = 0, the shipped default), " +
        "so SOFT_DELETED cannot be reached. To run this scenario set reclaim_instance_interval to a number of seconds > 0 on the API and compute nodes.");

    /// <summary>shelve went straight on to SHELVED_OFFLOADED.</summary>
    public static ScenarioSkippedException ImmediateOffload() => new(
        "This cloud offloads a shelved server at once (Nova's [DEFAULT] shelved_offload_time = 0, the shipped default; the api-ref " +
        "allows it), so a server never rests in SHELVED. To run this scenario set shelved_offload_time to -1 (never) or a delay in seconds on the compute nodes.");

    /// <summary>A move needs a destination host the cloud does not have.</summary>
    public static ScenarioSkippedException NoSecondHost(string hosts, bool resize = false) => new(
        $"Moving a server needs a second nova-compute host that is up and enabled; this cloud has {hosts}. " +
        (resize
            ? "To run this scenario add a compute host, or set [DEFAULT] allow_resize_to_same_host = True (the shipped default is False)."
            : "To run this scenario add a compute host (or enable a disabled one)."));

    /// <summary>Nova's NoValidHost message (the scheduler found no destination), answered as 400 by migrate, resize and live migration.</summary>
    public const string NoValidHost = "No valid host was found";
}
