using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConformanceKit.Client;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// Fresh ACTIVE servers of the member, created ahead of the scenarios that need them. One <c>POST /servers</c> with
/// <c>min_count</c> 1 and <c>max_count</c> N (and <c>return_reservation_id</c>) makes a batch; the batch is found by its
/// reservation id, each server is renamed to a kit name of the run (Nova names a batch "&lt;name&gt;-&lt;n&gt;" by
/// default, a pattern no sweep should have to guess), and all of them are waited for together (the run's
/// <see cref="ServerPoller"/> reads them with list calls). A scenario takes a server and owns it from then on: it is
/// deleted after that scenario as if the scenario had created it, and never handed to another, so a pooled server
/// carries nothing from one scenario to the next. (Handing back servers whose action was refused is not done.)
/// With <see cref="Target"/> 0 (the default) or on an endpoint where a batch cannot be found, scenarios create their
/// own servers as before.
/// </summary>
public sealed class ServerPool(KitSession session)
{
    private readonly ConcurrentQueue<string> _ready = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly Lock _gate = new();
    private int _inFlight;
    private Task _refills = Task.CompletedTask;
    private volatile bool _closed, _broken;
    private int _created, _taken, _batches;

    /// <summary>How many servers the pool keeps ready or on their way (0: no pool).</summary>
    public int Target { get; set; }

    /// <summary>The largest batch one POST asks for.</summary>
    public int BatchMax { get; init; } = 3;

    /// <summary>What the pool did: batches posted, servers created, servers taken by scenarios.</summary>
    public (int Batches, int Created, int Taken) Counts => (Volatile.Read(ref _batches), Volatile.Read(ref _created), Volatile.Read(ref _taken));

    public bool Enabled => Target > 0 && !_closed && !_broken;

    /// <summary>Why the pool stopped making servers before the run ended (scenarios then created their own), or null.</summary>
    public string? StoppedBecause { get; private set; }

    private void Stop(string why)
    {
        StoppedBecause ??= why;
        _broken = true;
    }

    /// <summary>
    /// A fresh ACTIVE server of the member, or null when the pool is off or could not make one in time (the caller then
    /// creates its own). The server is the caller's from now on.
    /// </summary>
    public async Task<string?> TakeAsync(CancellationToken ct)
    {
        if (!Enabled) return null;
        Refill(extra: 1);
        var deadline = DateTimeOffset.UtcNow + session.Options.Wait.Timeout;
        while (Enabled || !_ready.IsEmpty)
        {
            if (_ready.TryDequeue(out var id))
            {
                Interlocked.Increment(ref _taken);
                Refill(extra: 0);
                return id;
            }
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            // Woken by a server that became ready (or by the pool giving up), never by a timer alone.
            if (!await _available.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ct).ConfigureAwait(false)
                && Volatile.Read(ref _inFlight) == 0) Refill(extra: 1);
        }
        return null;
    }

    /// <summary>Stops refilling and waits for the batches on their way (their servers are then held by the tracker).</summary>
    public async Task CloseAsync()
    {
        _closed = true;
        Task refills;
        lock (_gate) refills = _refills;
        try { await refills.ConfigureAwait(false); } catch (Exception) { /* reported by the batch */ }
        _available.Release(64);
    }

    private void Refill(int extra)
    {
        if (!Enabled) return;
        int count;
        lock (_gate)
        {
            // Whole batches: one POST of three costs Nova about what one of one does. A smaller one only when the pool is dry.
            var deficit = Target + extra - _ready.Count - _inFlight;
            count = Math.Min(BatchMax, deficit);
            if (count <= 0 || (count < Math.Min(BatchMax, Target) && (_ready.Count > 0 || _inFlight > 0))) return;
            _inFlight += count;
            _refills = Task.WhenAll(_refills, Task.Run(() => BatchAsync(count)));
        }
    }

    private async Task BatchAsync(int count)
    {
        var owner = session[Role.Owner].Client;
        var admin = session.Find(Role.Admin)?.Client ?? owner;
        var baseName = session.NewName("pool");
        try
        {
            Interlocked.Increment(ref _batches);
            var server = new JsonObject
            {
                ["name"] = baseName, ["flavorRef"] = session.FlavorRef, ["imageRef"] = session.ImageRef,
                ["min_count"] = 1, ["max_count"] = count, ["return_reservation_id"] = true,
                ["metadata"] = session.Tracker.RunMetadata(),
            };
            if (session.Options.NetworkId is { } net) server["networks"] = new JsonArray(new JsonObject { ["uuid"] = net });
            var response = await session.Quota.CreateWithinQuotaAsync(async () =>
            {
                try { return await owner.SendJsonAsync(HttpMethod.Post, NovaUrls.Servers, null, new JsonObject { ["server"] = server }).ConfigureAwait(false); }
                catch (Client.Http.EndpointUnreachableException e) when (!e.NeverSent)
                {
                    // The batch may be created all the same: looked up by its name before the run ends.
                    session.Tracker.GaveUpOn(baseName);
                    throw;
                }
            }).ConfigureAwait(false);
            if (response.Status != 202 || response.Json?["reservation_id"]?.ToString() is not { Length: > 0 } reservation)
            {
                // Not a batch this endpoint makes (or a server created without a reservation id): no pool, and whatever
                // was made is found by name at the end of the run.
                if (response.Status == 202) session.Tracker.GaveUpOn(baseName);
                Stop($"a batch create answered {response}{(response.Status == 202 ? " without a reservation id" : "")}");
                return;
            }
            // Filtered by reservation id and by the batch's base name; only servers carrying that name are taken, whatever
            // filters an endpoint ignores.
            var pattern = "^" + System.Text.RegularExpressions.Regex.Escape(baseName) + "(-[0-9]+)?$";
            var listed = await admin.SendAsync(HttpMethod.Get,
                $"servers/detail?reservation_id={Uri.EscapeDataString(reservation)}&name={Uri.EscapeDataString(pattern)}{(admin == owner ? "" : "&all_tenants=1")}", null).ConfigureAwait(false);
            var batchName = new System.Text.RegularExpressions.Regex(pattern);
            var ids = (listed.Json?["servers"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(s => (Id: s["id"]?.ToString(), Name: s["name"]?.ToString()))
                .Where(s => s.Id is not null && s.Name is not null && batchName.IsMatch(s.Name)).ToList();
            if (listed.Status != 200 || ids.Count == 0)
            {
                session.Tracker.GaveUpOn(baseName);
                Stop($"the batch's servers could not be found by reservation id {reservation} (listing answered {listed}, {ids.Count} found)");
                return;
            }
            foreach (var (id, name) in ids) session.Tracker.Add(id!, name ?? baseName);
            Interlocked.Add(ref _created, ids.Count);
            await Task.WhenAll(ids.Select(s => PrepareAsync(owner, s.Id!))).ConfigureAwait(false);
        }
        catch (Exception e) when (!_closed) { Stop($"a batch failed: {e.Message}"); }
        finally
        {
            lock (_gate) _inFlight -= count;
            _available.Release();
        }
    }

    /// <summary>Renames the server to a kit name of the run, waits for ACTIVE and puts it in the pool; a server that fails is deleted.</summary>
    private async Task PrepareAsync(NovaClient owner, string id)
    {
        try
        {
            var name = session.NewName("server");
            var renamed = await owner.SendJsonAsync(HttpMethod.Put, NovaUrls.Server(id), null,
                new JsonObject { ["server"] = new JsonObject { ["name"] = name } }).ConfigureAwait(false);
            if (renamed.Status == 200) session.Tracker.Add(id, name);
            var waiter = new ServerWaiter(session.Find(Role.Admin)?.Client ?? owner, session.Options.Wait, poller: session.Poller);
            await waiter.ForStatusAsync(id, "ACTIVE").ConfigureAwait(false);
            if (_closed) { session.Tracker.DeleteInBackground([id], null); return; }
            _ready.Enqueue(id);
            _available.Release();
        }
        catch (Exception)
        {
            // Not ACTIVE (ERROR, timeout, a body that breaks the contract): no scenario gets it. A scenario that creates its
            // own server meets the same endpoint and reports what is wrong.
            session.Tracker.DeleteInBackground([id], null);
        }
    }
}
