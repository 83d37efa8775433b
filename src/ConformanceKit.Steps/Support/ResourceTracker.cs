using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using ConformanceKit.Client;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// Remembers every server the kit created and deletes them: after each scenario, at the end of the run,
/// and on interruption. Deletion goes as far as the server answering 404 (a soft-deleted server is force-deleted).
/// It also remembers every create request the kit gave up on (no answer in time): the server may still appear, so before
/// the run ends it is looked up by its name and deleted if it did (<see cref="ResolveGivenUpAsync"/>).
/// </summary>
public sealed class ResourceTracker(KitSession session)
{
    private readonly ConcurrentDictionary<string, string> _servers = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _givenUp = new();
    private readonly ConcurrentDictionary<Task, byte> _deleting = new();
    private readonly ConcurrentQueue<string> _deletionProblems = new();
    private int _givenUpTotal, _orphansFound;

    /// <summary>How many create requests the kit gave up on, and how many of those servers appeared all the same (and were deleted).</summary>
    public (int GivenUp, int Appeared) Orphans => (Volatile.Read(ref _givenUpTotal), Volatile.Read(ref _orphansFound));

    public IReadOnlyCollection<string> Servers => _servers.Keys.ToList();

    /// <summary>Names of create requests that got no answer and that no lookup has settled yet.</summary>
    public IReadOnlyCollection<string> GivenUpCreates => _givenUp.Keys.ToList();

    /// <summary>The servers still held, as "id (name)", and the create requests not yet settled: what a sweep would have to remove.</summary>
    public IReadOnlyList<string> Leftovers =>
        [.. _servers.Select(s => $"server {s.Key} ({s.Value})"), .. _givenUp.Keys.Select(n => $"server named {n} (its create request got no answer)")];

    public void Add(string serverId, string name) => _servers[serverId] = name;

    public void Forget(string serverId) => _servers.TryRemove(serverId, out _);

    /// <summary>A create request for <paramref name="name"/> got no answer: the server may exist all the same.</summary>
    public void GaveUpOn(string name)
    {
        _givenUp[name] = DateTimeOffset.UtcNow;
        Interlocked.Increment(ref _givenUpTotal);
    }

    /// <summary>The metadata every server the kit creates carries, so that a sweep can tell a live run from one that is over.</summary>
    public JsonObject RunMetadata() => new()
    {
        [KitNames.RunKey] = session.RunId,
        [KitNames.HeartbeatKey] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Deletes the given servers; returns messages for those that could not be deleted.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(IEnumerable<string> serverIds, CancellationToken ct)
    {
        var problems = new List<string>();
        var admin = session.Find(Role.Admin) ?? session.Find(Role.Owner)!;
        foreach (var id in serverIds.ToList())
        {
            try
            {
                await DeleteOneAsync(admin.Client, id, ct).ConfigureAwait(false);
                Forget(id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"server {id} ({_servers.GetValueOrDefault(id)}) was not deleted: {e.Message}");
            }
        }
        return problems;
    }

    /// <summary>
    /// Deletes the given servers without making the caller wait: the deletion (DELETE, then the wait for 404, through
    /// SOFT_DELETED and forceDelete where soft delete is on) runs on its own, and <paramref name="hold"/> (the scenario's
    /// hold on the host gate) is released once it is done. The servers stay held until they are gone, so the end of the
    /// run, an interruption and a second Ctrl-C still see them; what fails is reported when the run ends.
    /// </summary>
    public void DeleteInBackground(IReadOnlyList<string> serverIds, IDisposable? hold)
    {
        if (serverIds.Count == 0) { hold?.Dispose(); return; }
        var task = Task.Run(async () =>
        {
            try
            {
                foreach (var p in await DeleteAsync(serverIds, CancellationToken.None).ConfigureAwait(false)) _deletionProblems.Enqueue(p);
            }
            finally { hold?.Dispose(); }
        });
        _deleting.TryAdd(task, 0);
        _ = task.ContinueWith(t => _deleting.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Deletions still running in the background.</summary>
    public int DeletionsInFlight => _deleting.Count;

    /// <summary>
    /// Waits for the background deletions, within <paramref name="bound"/>; returns their problems and, past the
    /// bound, the servers still being deleted.
    /// </summary>
    public async Task<IReadOnlyList<string>> DrainAsync(TimeSpan bound)
    {
        var pending = Task.WhenAll(_deleting.Keys.ToArray());
        await Task.WhenAny(pending, Task.Delay(bound)).ConfigureAwait(false);
        var problems = new List<string>();
        while (_deletionProblems.TryDequeue(out var p)) problems.Add(p);
        if (!pending.IsCompleted)
            problems.Add($"{_deleting.Count} background deletion(s) had not finished within {bound.TotalSeconds:0} s");
        return problems;
    }

    /// <summary>
    /// The end of the run: waits (within the wait timeout) for the background deletions, looks up every given-up create
    /// by its exact name and deletes what appeared, deletes every server still held, then checks on the cloud that no
    /// server named for this run is left (<see cref="VerifyGoneAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteAllAsync(CancellationToken ct)
    {
        await session.Pool.CloseAsync().ConfigureAwait(false);
        var problems = new List<string>(await DrainAsync(session.Options.Wait.Timeout).ConfigureAwait(false));
        problems.AddRange(await ResolveGivenUpAsync(final: true, ct).ConfigureAwait(false));
        problems.AddRange(await DeleteConcurrentlyAsync(_servers.Keys.ToList(), ct).ConfigureAwait(false));
        var left = await VerifyGoneAsync(ct).ConfigureAwait(false);
        if (left.Count > 0 && _lastListed.Count > 0)
        {
            // Servers of this run that the cloud lists but the kit did not hold (a batch cut short): deleted now, then checked again.
            foreach (var (id, name) in _lastListed) Add(id, name);
            problems.AddRange(await DeleteConcurrentlyAsync([.. _lastListed.Select(l => l.Id)], ct).ConfigureAwait(false));
            left = await VerifyGoneAsync(ct).ConfigureAwait(false);
        }
        problems.AddRange(left);
        return problems;
    }

    private async Task<IReadOnlyList<string>> DeleteConcurrentlyAsync(IReadOnlyList<string> ids, CancellationToken ct) =>
        (await Task.WhenAll(ids.Select(id => DeleteAsync([id], ct))).ConfigureAwait(false)).SelectMany(p => p).ToList();

    /// <summary>Servers the cloud still lists under this run's name prefix (as the admin, in every project), each with its id and status.</summary>
    public async Task<IReadOnlyList<string>> VerifyGoneAsync(CancellationToken ct)
    {
        var admin = session.Find(Role.Admin) ?? session.Find(Role.Owner)!;
        try
        {
            var pattern = "^" + System.Text.RegularExpressions.Regex.Escape($"{KitOptions.NamePrefix}{session.RunId}-");
            var left = await admin.Client.ListServersAsync(pattern, allProjects: admin.Role == Role.Admin, ct).ConfigureAwait(false);
            var still = left.Where(s => s.Status != "DELETED").ToList();
            _lastListed = still.Select(s => (s.Id, s.Name)).ToList();
            LeftOnCloud = still.Select(s => $"server {s.Id} ({s.Name}, {s.Status}) is still on the cloud").ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LeftOnCloud = [$"the run's servers could not be listed to check that none is left: {e.Message}"];
        }
        return LeftOnCloud;
    }

    private List<(string Id, string Name)> _lastListed = [];

    /// <summary>What the last <see cref="VerifyGoneAsync"/> found still on the cloud: a failure of the run.</summary>
    public IReadOnlyList<string> LeftOnCloud { get; private set; } = [];

    /// <summary>
    /// Looks up each create request the kit gave up on by its exact name (as the admin, in every project) and deletes the
    /// server if it appeared. A lookup that finds nothing settles the request only once an API timeout has passed since the
    /// kit gave up (the endpoint may still be working on it); with <paramref name="final"/> the lookup is repeated until then.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResolveGivenUpAsync(bool final, CancellationToken ct)
    {
        var problems = new List<string>();
        var admin = session.Find(Role.Admin) ?? session.Find(Role.Owner)!;
        foreach (var (name, givenUpAt) in _givenUp.ToList())
        {
            var settleAfter = givenUpAt + session.Http.Timeout + TimeSpan.FromSeconds(2);
            // One look, or (final) looks until the server appears or the endpoint has had its time to make it.
            var patience = final ? settleAfter - DateTimeOffset.UtcNow : TimeSpan.Zero;
            var (look, _) = await Poll.UntilAsync(() => LookUpAsync(admin, name, ct), l => l.Error is not null || l.Mine.Count > 0,
                patience > TimeSpan.Zero ? patience : TimeSpan.Zero, PollSchedule.Every(TimeSpan.FromMilliseconds(500)), ct).ConfigureAwait(false);
            if (look.Error is not null)
            {
                problems.Add($"the server named {name} (its create request got no answer) could not be looked up: {look.Error}");
                continue;
            }
            foreach (var f in look.Mine) Add(f.Id, f.Name);
            if (look.Mine.Count > 0) Interlocked.Add(ref _orphansFound, look.Mine.Count);
            if (look.Mine.Count > 0 || DateTimeOffset.UtcNow >= settleAfter)
            {
                _givenUp.TryRemove(name, out _);
                problems.AddRange(await DeleteAsync(look.Mine.Select(m => m.Id), ct).ConfigureAwait(false));
            }
        }
        return problems;
    }

    /// <summary>The servers named exactly <paramref name="name"/> (as the admin, in every project), or why they could not be listed.</summary>
    private static async Task<(List<(string Id, string Name, string Status)> Mine, string? Error)> LookUpAsync(Identity admin, string name, CancellationToken ct)
    {
        try
        {
            var found = await admin.Client.ListServersAsync("^" + System.Text.RegularExpressions.Regex.Escape(name) + "$", allProjects: admin.Role == Role.Admin, ct).ConfigureAwait(false);
            return (found.Where(f => f.Name == name).ToList(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ([], e.Message);
        }
    }

    /// <summary>Refreshes the heartbeat of every server held (as the admin; a server busy with a task may refuse: the next beat retries).</summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        var admin = session.Find(Role.Admin) ?? session.Find(Role.Owner)!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        foreach (var id in _servers.Keys.ToList())
        {
            var body = new JsonObject { ["meta"] = new JsonObject { [KitNames.HeartbeatKey] = now } };
            try { await admin.Client.SendJsonAsync(HttpMethod.Put, $"{NovaUrls.Server(id)}/metadata/{KitNames.HeartbeatKey}", null, body, ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { /* the next beat tries again */ }
        }
    }

    /// <summary>
    /// The last resort of a second Ctrl-C: sends DELETE for every server held, all at once, through <paramref name="client"/>
    /// (a fresh connection with a short timeout), and waits for nothing else. Returns what it could not confirm deleted.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteQuicklyAsync(NovaClient client, CancellationToken ct)
    {
        var servers = _servers.ToList();
        var outcomes = await Task.WhenAll(servers.Select(async s =>
        {
            try
            {
                var response = await client.DeleteServerAsync(s.Key, ct).ConfigureAwait(false);
                return response.Status is 204 or 404;
            }
            catch (Exception) { return false; }
        })).ConfigureAwait(false);
        for (var i = 0; i < servers.Count; i++) if (outcomes[i]) Forget(servers[i].Key);
        return Leftovers;
    }

    /// <summary>Whether this cloud accepts the admin's forceDelete of the kit's servers (null until the first cleanup tries).</summary>
    private bool? ForceDeleteWorks { get; set; }

    /// <summary>How long cleanup lets a task in progress finish before it deletes the server.</summary>
    public static readonly TimeSpan SettleBeforeDelete = TimeSpan.FromSeconds(10);

    /// <summary>How long a server may show, after its DELETE was accepted, neither a deletion task nor SOFT_DELETED before the kit force-deletes it.</summary>
    public static readonly TimeSpan LostDeleteAfter = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Deletes one server as the admin and waits until it is gone. A task still in progress (a rebuild the scenario
    /// failed on, say) is let finish first, within <see cref="SettleBeforeDelete"/>: real Nova 26 answers 204 to a
    /// DELETE sent while a rebuild runs but then loses it (the soft delete and the rebuild's save race on task_state, and
    /// the server stays REBUILD/rebuilding), so the kit waited out its whole wait timeout for a deletion that never came.
    /// A DELETE that still does not take (no deleting task, no SOFT_DELETED, for <see cref="LostDeleteAfter"/>) is
    /// followed by forceDelete, which Nova accepts in any status.
    /// </summary>
    private async Task DeleteOneAsync(NovaClient client, string id, CancellationToken ct)
    {
        var waiter = new ServerWaiter(client, session.Options.Wait);
        var response = await client.GetServerAsync(id, null, ct).ConfigureAwait(false);
        if (response.Status == 404) return;
        var view = ServerView.From(response.Json);
        if (view.TaskState is not null && !IsDeleting(view))
        {
            var settle = new ServerWaiter(client, session.Options.Wait with { Timeout = Min(SettleBeforeDelete, session.Options.Wait.Timeout) });
            try { view = await settle.UntilAsync(id, v => v is null || v.TaskState is null, _ => null, "the end of its task before deletion", ct).ConfigureAwait(false); }
            catch (WaitTimeoutException) { /* deleted all the same; a lost DELETE is force-deleted below */ }
            if (view is null) return;
        }
        // forceDelete first: Nova accepts it in any status and removes the server at once, where a DELETE on a cloud with
        // soft delete would end in SOFT_DELETED and need forceDelete after it all the same (two waits instead of one;
        // each poll costs the cloud a GET). A cloud that refuses it (policy, or no os-deferred-delete) gets the DELETE.
        if (view.Status != "SOFT_DELETED" && ForceDeleteWorks != false)
        {
            var forced = await client.ActionAsync(id, new JsonObject { ["forceDelete"] = null }, null, ct).ConfigureAwait(false);
            if (forced.Status == 404) return;
            if (forced.Status == 202)
            {
                ForceDeleteWorks = true;
                await waiter.ForDeletionAsync(id, ct).ConfigureAwait(false);
                return;
            }
            if (forced.Status is 400 or 403 or 405) ForceDeleteWorks = false;
        }
        // The admin deletes: a lock does not stop an admin.
        if (view.Status != "SOFT_DELETED")
        {
            var deleted = await client.DeleteServerAsync(id, ct).ConfigureAwait(false);
            if (deleted.Status is not (204 or 404))
                throw new InvalidOperationException($"DELETE answered {deleted}");
            // DELETE is asynchronous; with soft delete configured it ends in SOFT_DELETED rather than 404.
            DateTimeOffset? lostSince = null;
            try
            {
                view = await waiter.UntilAsync(id, v => v is null || (v.Status == "SOFT_DELETED" && v.TaskState is null), v =>
                {
                    var lost = v is not null && !IsDeleting(v) && v.Status is not ("SOFT_DELETED" or "DELETED");
                    lostSince = lost ? lostSince ?? DateTimeOffset.UtcNow : null;
                    return lost && DateTimeOffset.UtcNow - lostSince >= LostDeleteAfter
                        ? $"DELETE was accepted but server {id} still shows status {v!.Status}, task_state {v.TaskState ?? "null"}"
                        : null;
                }, "deletion (404 or SOFT_DELETED)", ct).ConfigureAwait(false);
            }
            catch (ServerFaultException) { view = null; await ForceDeleteAsync(client, waiter, id, ct).ConfigureAwait(false); return; }
            if (view is null) return;
        }
        await ForceDeleteAsync(client, waiter, id, ct).ConfigureAwait(false);
    }

    private static async Task ForceDeleteAsync(NovaClient client, ServerWaiter waiter, string id, CancellationToken ct)
    {
        var purge = await client.ActionAsync(id, new JsonObject { ["forceDelete"] = null }, null, ct).ConfigureAwait(false);
        if (purge.Status is not (202 or 404))
            throw new InvalidOperationException($"forceDelete answered {purge}");
        await waiter.ForDeletionAsync(id, ct).ConfigureAwait(false);
    }

    private static bool IsDeleting(ServerView v) => v.TaskState is "deleting" or "soft-deleting";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
