using ConformanceKit.Core;

namespace ConformanceKit.Client;

/// <summary>How long to wait for a server, and how often to look.</summary>
public sealed record WaitOptions(TimeSpan Timeout, TimeSpan PollInterval)
{
    public static readonly WaitOptions Default = new(TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(250));
}

/// <summary>The server went to ERROR while the kit waited for another status.</summary>
public sealed class ServerFaultException(string message) : Exception(message);

/// <summary>
/// The server is where the awaited state cannot be reached from: gone (404) while the caller was not waiting for its
/// deletion, or in a status the caller named as a dead end. The wait stops at once instead of running out its timeout.
/// </summary>
public sealed class WaitDeadEndException(string message, string serverId, string? status) : Exception(message)
{
    public string ServerId { get; } = serverId;
    /// <summary>The status seen; null when the server is gone (404).</summary>
    public string? Status { get; } = status;
    public bool Gone => Status is null;
}

/// <summary>What else ends a wait for a status: which statuses mean "cannot get there from here", and whether gone does.</summary>
public sealed record WaitRules
{
    /// <summary>Gone (404) ends the wait at once with a <see cref="WaitDeadEndException"/>; the default, as nothing comes back from 404.</summary>
    public bool GoneIsDeadEnd { get; init; } = true;

    /// <summary>Statuses from which the awaited one cannot be reached (e.g. SHELVED_OFFLOADED while waiting for SHELVED).</summary>
    public IReadOnlySet<string> DeadEnds { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public static WaitRules Default { get; } = new();
}

/// <summary>The server settled where the caller said the awaited status cannot be reached from; <see cref="View"/> shows it.</summary>
public sealed class StatusUnreachableException(string message, ServerView view) : Exception(message)
{
    public ServerView View { get; } = view;
}

/// <summary>The server did not reach the awaited state in time; the message names the last state seen.</summary>
public sealed class WaitTimeoutException(string message) : Exception(message);

/// <summary>
/// Polls a server until it reaches a status with no task in progress. It never sleeps blindly: each poll is a GET,
/// the wait between polls is bounded by the deadline, and every status/task_state change is reported.
/// </summary>
public sealed class ServerWaiter(NovaClient client, WaitOptions options, TimeProvider? clock = null, Action<string>? log = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>
    /// Waits until the server shows <paramref name="status"/> with task_state null. Fails fast on a settled ERROR with a
    /// fault (the server's fault is reported), and when the server stays settled in another stable status (ERROR without a
    /// fault included) for <see cref="SettledElsewherePolls"/> polls. <paramref name="cannotGetThere"/> names settled states
    /// (task_state null) from which <paramref name="status"/> will never come: the wait stops at once with
    /// <see cref="StatusUnreachableException"/>.
    /// </summary>
    public Task<ServerView> ForStatusAsync(string serverId, string status, Microversion? microversion = null, CancellationToken ct = default,
        Func<ServerView, bool>? cannotGetThere = null) =>
        ForStatusAsync(serverId, status, WaitRules.Default, microversion, ct, cannotGetThere);

    /// <summary>
    /// As <see cref="ForStatusAsync(string, string, Microversion?, CancellationToken)"/>, and stops at once with a
    /// <see cref="WaitDeadEndException"/> when the server is gone (unless <see cref="WaitRules.GoneIsDeadEnd"/> is off) or
    /// settles in one of <see cref="WaitRules.DeadEnds"/>.
    /// </summary>
    public async Task<ServerView> ForStatusAsync(string serverId, string status, WaitRules rules, Microversion? microversion = null, CancellationToken ct = default,
        Func<ServerView, bool>? cannotGetThere = null)
    {
        var settledElsewhere = 0;
        Func<ServerView?, string?> deadEnd = v => v is null
            ? rules.GoneIsDeadEnd ? $"Server {serverId} vanished (GET answered 404) while the kit waited for status {status}; nothing comes back from gone." : null
            : v.TaskState is null && v.Status != status && rules.DeadEnds.Contains(v.Status)
                ? $"Server {serverId} is {v.Status}, from which {status} cannot be reached; the wait stopped at once."
                : null;
        var view = await PollAsync(serverId, microversion, v => v is not null && v.Status == status && v.TaskState is null,
            v =>
            {
                if (v is { TaskState: null } && v.Status != status && cannotGetThere?.Invoke(v) == true)
                    throw new StatusUnreachableException($"Server {serverId} settled in {v.Status}, from which {status} cannot be reached.", v);
                // ERROR with a task in progress is not final: an action accepted from ERROR (os-stop, HARD reboot,
                // rebuild…) shows ERROR and its task_state until the compute host has done the work. A server that failed
                // carries a fault; one put in ERROR by os-resetState does not, and may leave it.
                if (v?.Status == "ERROR" && v.TaskState is null && status != "ERROR" && v.FaultMessage is not null)
                    return $"Server {serverId} went to ERROR while waiting for {status}: {v.FaultMessage}.";
                settledElsewhere = v is not null && v.TaskState is null && !IsTransitional(v.Status) ? settledElsewhere + 1 : 0;
                return settledElsewhere >= SettledElsewherePolls
                    ? $"Server {serverId} settled in {v!.Status} (task_state null for {settledElsewhere} polls), not {status}."
                    : null;
            },
            $"status {status} with task_state null", ct, deadEnd).ConfigureAwait(false);
        return view!;
    }

    /// <summary>How many polls a server may rest in another stable status before the wait fails.</summary>
    public int SettledElsewherePolls { get; init; } = 12;

    /// <summary>Waits until GET answers 404.</summary>
    public Task ForDeletionAsync(string serverId, CancellationToken ct = default) =>
        PollAsync(serverId, null, v => v is null, _ => null, "deletion (404)", ct);

    /// <summary>After a DELETE: waits until the server is gone (404) or rests SOFT_DELETED; returns the view, null when gone.</summary>
    public Task<ServerView?> ForDeletedOrSoftDeletedAsync(string serverId, CancellationToken ct = default) =>
        PollAsync(serverId, null, v => v is null || (v.Status == "SOFT_DELETED" && v.TaskState is null), _ => null, "deletion (404 or SOFT_DELETED)", ct);

    /// <summary>Waits until no task is in progress, whatever the status.</summary>
    public async Task<ServerView> ForSettledAsync(string serverId, Microversion? microversion = null, CancellationToken ct = default)
    {
        Func<ServerView?, string?> deadEnd = v => v is null ? $"Server {serverId} vanished (GET answered 404) while the kit waited for it to settle." : null;
        return (await PollAsync(serverId, microversion, v => v is not null && v.TaskState is null && !IsTransitional(v.Status), _ => null,
            "a stable status with task_state null", ct, deadEnd).ConfigureAwait(false))!;
    }

    private static bool IsTransitional(string status) =>
        status is "BUILD" or "REBOOT" or "HARD_REBOOT" or "REBUILD" or "RESIZE" or "REVERT_RESIZE" or "MIGRATING" or "PASSWORD";

    private async Task<ServerView?> PollAsync(string serverId, Microversion? microversion, Func<ServerView?, bool> done,
        Func<ServerView?, string?> failure, string what, CancellationToken ct, Func<ServerView?, string?>? deadEnd = null)
    {
        var deadline = _clock.GetUtcNow() + options.Timeout;
        string? last = null, lastRequestId = null;
        ServerView? view = null;
        while (true)
        {
            var response = await client.GetServerAsync(serverId, microversion, ct).ConfigureAwait(false);
            lastRequestId = response.RequestId ?? lastRequestId;
            if (response.Status == 404) view = null;
            else if (response.Status == 200) view = ServerView.From(response.Json);
            else throw new ServerFaultException($"Polling server {serverId} answered {response} while waiting for {what}.");
            var state = view is null ? "gone (404)" : $"status {view.Status}, task_state {view.TaskState ?? "null"}";
            if (state != last) { log?.Invoke($"server {serverId}: {state}"); last = state; }
            if (done(view)) return view;
            if (deadEnd?.Invoke(view) is { } end) throw new WaitDeadEndException(end, serverId, view?.Status);
            if (failure(view) is { } message) throw new ServerFaultException(message);
            var left = deadline - _clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
                throw new WaitTimeoutException(
                    $"Server {serverId} did not reach {what} within {options.Timeout.TotalSeconds:0} s; last seen: {state} (request {lastRequestId ?? "without id"}).");
            await Task.Delay(left < options.PollInterval ? left : options.PollInterval, _clock, ct).ConfigureAwait(false);
        }
    }
}
