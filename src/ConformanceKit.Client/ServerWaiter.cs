using ConformanceKit.Core;

namespace ConformanceKit.Client;

/// <summary>
/// How long to wait for a server, and how often to look: the first look again after <see cref="FirstPoll"/>, then
/// twice as long each time up to <see cref="PollInterval"/> (the cap). A change of status or task_state starts the
/// schedule again, as the next change then tends to follow soon.
/// </summary>
public sealed record WaitOptions(TimeSpan Timeout, TimeSpan PollInterval)
{
    /// <summary>120 s; polls after 50, 100, 200, 400, 800 ms, then every 1 s.</summary>
    public static readonly WaitOptions Default = new(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1));

    /// <summary>The first pause between two looks; doubled after each look that saw no change, up to <see cref="PollInterval"/>.</summary>
    public TimeSpan FirstPoll { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>A fresh schedule of pauses for one wait.</summary>
    public PollSchedule Schedule() => new(FirstPoll < PollInterval ? FirstPoll : PollInterval, PollInterval);

    /// <summary>
    /// How long earlier waits of the same kind took, shared by the waiters of one run (null: every wait starts from
    /// <see cref="FirstPoll"/>). With it, a wait whose kind has been seen sleeps most of the usual time before its second
    /// look instead of looking every 50, 100, 200 ms meanwhile.
    /// </summary>
    public SettleHistory? History { get; init; }
}

/// <summary>
/// How long waits took, by kind, over one run: the kind is what the wait waits for and the state its first look saw
/// (e.g. "status PAUSED" from "ACTIVE/pausing"), the time is from that first look to the look that saw it done. The next
/// wait of that kind sleeps <see cref="Lead"/> of the median before it looks again, then looks at the short doubling
/// schedule. Measured on the Zed reference (one process, CPU-bound under a certification), each GET /servers/{id} costs
/// Nova about 30 ms of CPU: polls nobody needed slow down every other server's work.
/// </summary>
public sealed class SettleHistory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<TimeSpan>> _took = new(StringComparer.Ordinal);

    /// <summary>The share of the median slept before the second look (0.75).</summary>
    public double Lead { get; init; } = 0.75;

    /// <summary>How many recent waits of a kind the median is taken over (15).</summary>
    public int Window { get; init; } = 15;

    /// <summary>Waits of a kind needed before its median is trusted (2).</summary>
    public int Trust { get; init; } = 2;

    public void Record(string kind, TimeSpan took)
    {
        lock (_gate)
        {
            if (!_took.TryGetValue(kind, out var list)) _took[kind] = list = [];
            list.Add(took);
            if (list.Count > Window) list.RemoveAt(0);
        }
    }

    /// <summary>The median time of the recent waits of <paramref name="kind"/>, or null when too few were seen.</summary>
    public TimeSpan? Median(string kind)
    {
        lock (_gate)
        {
            if (!_took.TryGetValue(kind, out var list) || list.Count < Trust) return null;
            var sorted = list.Order().ToList();
            return sorted[sorted.Count / 2];
        }
    }

    /// <summary>The pause before the second look of a wait of <paramref name="kind"/>, or null when the kind is new.</summary>
    public TimeSpan? FirstPause(string kind) => Median(kind) is { } m ? TimeSpan.FromTicks((long)(m.Ticks * Lead)) : null;
}

/// <summary>
/// Pauses between polls that start short and double up to a cap; <see cref="Reset"/> starts again from the first.
/// <see cref="Expect"/> puts one longer pause first (what this kind of wait usually takes, less a margin).
/// </summary>
public sealed class PollSchedule(TimeSpan first, TimeSpan cap)
{
    private readonly TimeSpan _first = first;
    private TimeSpan _next = first;
    private TimeSpan? _lead;
    private bool _expected;

    /// <summary>
    /// The next pause is <paramref name="pause"/>, then the short doubling schedule from the first pause. Changes of status
    /// no longer restart the schedule: the expectation already covers the whole wait.
    /// </summary>
    public void Expect(TimeSpan pause)
    {
        _expected = true;
        _lead = pause > _first ? pause : null;
        _next = _first;
    }

    /// <summary>The pause to take now; the one after is twice as long (at most the cap).</summary>
    public TimeSpan Next()
    {
        if (_lead is { } lead)
        {
            _lead = null;
            return lead;
        }
        var now = _next;
        _next = TimeSpan.FromTicks(Math.Min(cap.Ticks, now.Ticks * 2));
        return now;
    }

    public void Reset()
    {
        if (!_expected) _next = _first;
    }

    /// <summary>The same pause every time (what is looked at changes on a clock of its own, such as a service's heartbeat).</summary>
    public static PollSchedule Every(TimeSpan pause) => new(pause, pause);
}

/// <summary>
/// The server body breaks the API's contract in a way no further poll can mend, e.g. a status outside Nova's enum
/// (<c>active</c> in lower case never becomes <c>ACTIVE</c>). The wait stops at once, naming the violation.
/// </summary>
public sealed class ServerContractException(string message, string serverId) : Exception(message)
{
    public string ServerId { get; } = serverId;
}

/// <summary>The values Nova's API gives the server's <c>status</c> (nova/api/openstack/common.py, _STATE_MAP), and nothing else.</summary>
public static class NovaServerStatuses
{
    public static readonly IReadOnlySet<string> All = ServerStatus.All.Select(s => s.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Why <paramref name="status"/> breaks the contract, or null when it is one of Nova's.</summary>
    public static string? Violation(string serverId, string status) => All.Contains(status)
        ? null
        : $"Contract violation in the GET server body of {serverId}: status '{status}' is not one of Nova's server statuses "
          + $"({string.Join(", ", All.Order(StringComparer.Ordinal))}){(All.Contains(status.ToUpperInvariant()) ? $"; statuses are upper case ('{status.ToUpperInvariant()}')" : "")}. "
          + "No later poll can turn it into the awaited status, so the wait stopped at once.";
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

    /// <summary>
    /// Settled statuses that no wait for <paramref name="awaited"/> comes back from, whatever the caller says: DELETED
    /// (the server is being removed) for anything but DELETED. (SHELVED_OFFLOADED while waiting for SHELVED is named by the
    /// callers, which may accept an immediate offload in its place.)
    /// </summary>
    public static bool NoWayBack(string seen, string awaited) => (seen, awaited) switch
    {
        ("DELETED", not "DELETED") => true,
        _ => false,
    };
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
public sealed class ServerWaiter(NovaClient client, WaitOptions options, TimeProvider? clock = null, Action<string>? log = null, ServerPoller? poller = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>How many GETs (or shares of a list call) this waiter has made.</summary>
    public int Polls { get; private set; }

    /// <summary>
    /// Waits until the server shows <paramref name="status"/> with task_state null. Fails fast on a settled ERROR with a
    /// fault (the server's fault is reported), and when the server stays settled in another stable status (ERROR without a
    /// fault included) for <see cref="SettledElsewhereFor"/> and at least <see cref="SettledElsewherePolls"/> polls.
    /// A body that breaks the contract (a status outside Nova's enum) ends the wait at once with <see cref="ServerContractException"/>. <paramref name="cannotGetThere"/> names settled states
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
        DateTimeOffset? settledSince = null;
        Func<ServerView?, string?> deadEnd = v => v is null
            ? rules.GoneIsDeadEnd ? $"Server {serverId} vanished (GET answered 404) while the kit waited for status {status}; nothing comes back from gone." : null
            : v.TaskState is null && v.Status != status && (rules.DeadEnds.Contains(v.Status) || WaitRules.NoWayBack(v.Status, status))
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
                var elsewhere = v is not null && v.TaskState is null && !IsTransitional(v.Status);
                settledElsewhere = elsewhere ? settledElsewhere + 1 : 0;
                settledSince = elsewhere ? settledSince ?? _clock.GetUtcNow() : null;
                return settledElsewhere >= SettledElsewherePolls && _clock.GetUtcNow() - settledSince >= SettledElsewhereFor
                    ? $"Server {serverId} settled in {v!.Status} (task_state null for {settledElsewhere} polls over {(_clock.GetUtcNow() - settledSince!.Value).TotalSeconds:0.0} s), not {status}."
                    : null;
            },
            $"status {status} with task_state null", ct, deadEnd).ConfigureAwait(false);
        return view!;
    }

    /// <summary>How many polls a server may rest in another stable status before the wait fails.</summary>
    public int SettledElsewherePolls { get; init; } = 4;

    /// <summary>How long a server may rest in another stable status before the wait fails (the action may not have reached the host yet).</summary>
    public TimeSpan SettledElsewhereFor { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Waits until GET answers 404.</summary>
    public Task ForDeletionAsync(string serverId, CancellationToken ct = default) =>
        PollAsync(serverId, null, v => v is null, _ => null, "deletion (404)", ct);

    /// <summary>After a DELETE: waits until the server is gone (404) or rests SOFT_DELETED; returns the view, null when gone.</summary>
    public Task<ServerView?> ForDeletedOrSoftDeletedAsync(string serverId, CancellationToken ct = default) =>
        PollAsync(serverId, null, v => v is null || (v.Status == "SOFT_DELETED" && v.TaskState is null), _ => null, "deletion (404 or SOFT_DELETED)", ct);

    /// <summary>
    /// Waits until <paramref name="done"/> holds (the view is null when the server is gone); <paramref name="failure"/> ends
    /// the wait at once with a <see cref="ServerFaultException"/> carrying its message.
    /// </summary>
    public Task<ServerView?> UntilAsync(string serverId, Func<ServerView?, bool> done, Func<ServerView?, string?> failure, string what, CancellationToken ct = default) =>
        PollAsync(serverId, null, done, failure, what, ct);

    /// <summary>Waits until no task is in progress, whatever the status.</summary>
    public async Task<ServerView> ForSettledAsync(string serverId, Microversion? microversion = null, CancellationToken ct = default)
    {
        Func<ServerView?, string?> deadEnd = v => v is null ? $"Server {serverId} vanished (GET answered 404) while the kit waited for it to settle." : null;
        return (await PollAsync(serverId, microversion, v => v is not null && v.TaskState is null && !IsTransitional(v.Status), _ => null,
            "a stable status with task_state null", ct, deadEnd).ConfigureAwait(false))!;
    }

    private static bool IsTransitional(string status) => ServerStatus.IsTransitionalText(status);

    private async Task<ServerView?> PollAsync(string serverId, Microversion? microversion, Func<ServerView?, bool> done,
        Func<ServerView?, string?> failure, string what, CancellationToken ct, Func<ServerView?, string?>? deadEnd = null)
    {
        var deadline = _clock.GetUtcNow() + options.Timeout;
        var schedule = options.Schedule();
        string? last = null, lastRequestId = null, kind = null;
        DateTimeOffset firstLook = default;
        var looks = 0;
        ServerView? view = null;
        while (true)
        {
            ServerPoll response;
            if (poller is null)
            {
                var r = await client.GetServerAsync(serverId, microversion, ct).ConfigureAwait(false);
                response = new ServerPoll(r.Status, r.Json, r.RequestId, r.ToString());
            }
            else response = await poller.GetAsync(client, serverId, microversion, ct).ConfigureAwait(false);
            Polls++;
            looks++;
            lastRequestId = response.RequestId ?? lastRequestId;
            if (response.Status == 404) view = null;
            else if (response.Status == 200)
            {
                try { view = ServerView.From(response.Json); }
                catch (FormatException e) { throw new ServerContractException($"Contract violation in the GET server body of {serverId}: {e.Message}; the wait stopped at once.", serverId); }
                if (NovaServerStatuses.Violation(serverId, view.Status) is { } violation) throw new ServerContractException(violation, serverId);
            }
            else throw new ServerFaultException($"Polling server {serverId} answered {response.Describe} while waiting for {what}.");
            var state = view is null ? "gone (404)" : $"status {view.Status}, task_state {view.TaskState ?? "null"}";
            if (state != last)
            {
                log?.Invoke($"server {serverId}: {state}");
                if (last is not null) schedule.Reset();
                last = state;
            }
            if (kind is null)
            {
                // The kind of this wait: what it waits for, from where its first look found the server.
                kind = $"{what} from {state}";
                firstLook = _clock.GetUtcNow();
                if (!done(view) && options.History?.FirstPause(kind) is { } lead) schedule.Expect(lead);
            }
            if (done(view))
            {
                if (looks > 1) options.History?.Record(kind, _clock.GetUtcNow() - firstLook);
                return view;
            }
            if (deadEnd?.Invoke(view) is { } end) throw new WaitDeadEndException(end, serverId, view?.Status);
            if (failure(view) is { } message) throw new ServerFaultException(message);
            var left = deadline - _clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
                throw new WaitTimeoutException(
                    $"Server {serverId} did not reach {what} within {options.Timeout.TotalSeconds:0} s; last seen: {state} (request {lastRequestId ?? "without id"}).");
            var pause = schedule.Next();
            await Task.Delay(left < pause ? left : pause, _clock, ct).ConfigureAwait(false);
        }
    }
}
