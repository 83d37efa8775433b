using System.Collections.Concurrent;
using ConformanceKit.Client;
using ConformanceKit.Client.Http;

namespace ConformanceKit.Steps.Support;

/// <summary>A server of the member as a scenario received it: its id and the state it was handed over in.</summary>
public sealed record ShelfBaseline(string Id, int ExchangeIndex, ServerView View);

/// <summary>
/// Servers of the member that a scenario left exactly as it received them, kept for the next scenario that needs a
/// server in that status. Most refusal scenarios (an action refused with 400, 403, 404 or 409 while the server is
/// SHELVED, PAUSED…) prepare a server, are refused, and check that nothing changed: creating, preparing and deleting a
/// server for each is most of what they cost the cloud (on the Zed reference, creating and deleting servers is about half
/// of Nova's CPU during a certification).
/// <para>
/// A server goes back on the shelf only when its scenario passed, sent it no request that was accepted (every non-GET
/// request to it after the hand-over answered 400 or more), and a fresh GET shows the hand-over state: the same status,
/// vm_state, power_state, host, flavor, image and <c>updated</c> time, no task, no fault, not locked. It is checked the
/// same way again when a scenario takes it. Anything else retires it (it is deleted), so a server a non-conforming cloud
/// changed behind a refusal never reaches another scenario. Off where the member's quota is tight (servers waiting on
/// the shelf would hold room that creates need) and with <c>run --no-reuse</c>.
/// </para>
/// </summary>
public sealed class ServerShelf(KitSession session)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ShelfBaseline>> _byStatus = new(StringComparer.Ordinal);
    private int _offered, _shelved, _taken, _retired;

    /// <summary>Statuses a server may wait in: settled, and left alone by Nova (SOFT_DELETED is reclaimed, ERROR is not a precondition to share).</summary>
    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "ACTIVE", "SHUTOFF", "PAUSED", "SUSPENDED", "SHELVED", "SHELVED_OFFLOADED", "RESCUE",
    };

    /// <summary>Whether scenarios hand servers on (run --no-reuse turns it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many servers wait in one status at most (the rest are deleted).</summary>
    public int PerStatus { get; set; } = 3;

    /// <summary>Servers offered back, put on the shelf, taken from it, and retired (failed a check).</summary>
    public (int Offered, int Shelved, int Taken, int Retired) Counts =>
        (Volatile.Read(ref _offered), Volatile.Read(ref _shelved), Volatile.Read(ref _taken), Volatile.Read(ref _retired));

    private async Task<bool> OpenAsync() => Enabled && !await session.Quota.IsLimitedAsync().ConfigureAwait(false);

    /// <summary>Whether a server in <paramref name="status"/> waits on the shelf.</summary>
    public bool Has(string status) => Enabled && _byStatus.TryGetValue(status, out var q) && !q.IsEmpty;

    /// <summary>
    /// A server in <paramref name="status"/> from the shelf, checked afresh (a GET through <paramref name="admin"/>), or null.
    /// A server that fails the check is retired.
    /// </summary>
    public async Task<ShelfBaseline?> TakeAsync(string status, NovaClient admin)
    {
        if (!await OpenAsync().ConfigureAwait(false) || !_byStatus.TryGetValue(status, out var queue)) return null;
        while (queue.TryDequeue(out var shelved))
        {
            if (await CheckAsync(shelved, admin).ConfigureAwait(false) is { } view)
            {
                Interlocked.Increment(ref _taken);
                return shelved with { View = view };
            }
            Retire(shelved.Id);
        }
        return null;
    }

    /// <summary>
    /// Offers the scenario's server back: put on the shelf when nothing accepted was sent to it since
    /// <paramref name="baseline"/> and a GET shows it as it was then. False means the caller deletes it as usual.
    /// </summary>
    public async Task<bool> OfferAsync(ShelfBaseline baseline, IReadOnlyList<Exchange> exchanges, NovaClient admin)
    {
        if (!await OpenAsync().ConfigureAwait(false) || !Statuses.Contains(baseline.View.Status)) return false;
        Interlocked.Increment(ref _offered);
        if (!Untouched(baseline, exchanges)) return false;
        var queue = _byStatus.GetOrAdd(baseline.View.Status, _ => new ConcurrentQueue<ShelfBaseline>());
        if (queue.Count >= PerStatus) return false;
        if (await CheckAsync(baseline, admin).ConfigureAwait(false) is not { } view) return false;
        queue.Enqueue(baseline with { View = view });
        Interlocked.Increment(ref _shelved);
        return true;
    }

    /// <summary>
    /// Whether the scenario left the server alone after the hand-over: no request other than GET to it was accepted, and
    /// no request went unanswered (a request whose answer was lost may have been carried out).
    /// </summary>
    public static bool Untouched(ShelfBaseline baseline, IReadOnlyList<Exchange> exchanges) =>
        exchanges.Skip(baseline.ExchangeIndex).All(e =>
            e.TransportError is null && e.Status is not null
            && (e.Method == "GET" || e.Status >= 400 || !e.Url.AbsolutePath.Contains(baseline.Id, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The server as the shelf compares it (the admin's GET without a microversion), or null when it cannot be read.</summary>
    public async Task<ServerView?> ReadAsync(string id, NovaClient admin)
    {
        try
        {
            var response = await admin.GetServerAsync(id, null).ConfigureAwait(false);
            return response.Status == 200 ? ServerView.From(response.Json) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException) { return null; }
    }

    /// <summary>Deletes every server on the shelf (a scenario is about to take a compute host down).</summary>
    public void RetireAll()
    {
        foreach (var queue in _byStatus.Values)
            while (queue.TryDequeue(out var shelved)) Retire(shelved.Id);
    }

    private void Retire(string id)
    {
        Interlocked.Increment(ref _retired);
        session.Tracker.DeleteInBackground([id], null);
    }

    /// <summary>
    /// The server now, when it shows the baseline's state; null when anything differs or it cannot be read. Read as the
    /// waiters read it (the admin, no microversion), so that the fields compare like with like.
    /// </summary>
    private async Task<ServerView?> CheckAsync(ShelfBaseline baseline, NovaClient admin) =>
        await ReadAsync(baseline.Id, admin).ConfigureAwait(false) is { } now && Same(baseline.View, now) ? now : null;

    /// <summary>Whether <paramref name="now"/> shows the state <paramref name="then"/> did, with no task, fault or lock.</summary>
    public static bool Same(ServerView then, ServerView now) =>
        now.TaskState is null && now.FaultMessage is null && now.Locked != true
        && now.Status == then.Status && now.ChangesSince(then).Count == 0
        && Updated(now) is { } u && u == Updated(then)
        && (now.Status != "SHELVED_OFFLOADED" || now.Host is null);

    private static string? Updated(ServerView v) => v.Raw["updated"]?.ToString();
}
