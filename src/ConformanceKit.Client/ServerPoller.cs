using System.Text.Json.Nodes;
using ConformanceKit.Core;

namespace ConformanceKit.Client;

/// <summary>One look at a server: 200 with its body, 404, or another answer (<see cref="Describe"/> says which).</summary>
public sealed record ServerPoll(int Status, JsonNode? Json, string? RequestId, string Describe);

/// <summary>
/// Shares the polls of the waiters of one run. A waiter asks for a fresh look at its server; the poller answers the
/// looks asked for at the same moment together: when at least <see cref="BatchFrom"/> are pending, one
/// <c>GET /servers/detail</c> filtered by the run's name prefix answers all the servers it lists, and only those it does
/// not list (gone, or a status the list leaves out) get a <c>GET /servers/{id}</c> of their own. Fewer pending looks go
/// out as one GET each, at once. Every answer was fetched after it was asked for: no waiter sees a stale view.
/// </summary>
public sealed class ServerPoller(NovaClient listClient, string namePrefix, bool allProjects)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(NovaClient Client, Microversion? Mv, TaskCompletionSource<ServerPoll> Tcs)>> _pending = new(StringComparer.Ordinal);
    private bool _running;
    private int _gets, _lists, _looks;

    /// <summary>Pending looks from which one list call answers them (default 3).</summary>
    public int BatchFrom { get; init; } = 3;

    /// <summary>Requests made so far: single GETs, list calls, and looks answered.</summary>
    public (int Gets, int Lists, int Looks) Counts => (Volatile.Read(ref _gets), Volatile.Read(ref _lists), Volatile.Read(ref _looks));

    /// <summary>A fresh look at <paramref name="id"/> (through <paramref name="client"/> when it gets a GET of its own).</summary>
    public Task<ServerPoll> GetAsync(NovaClient client, string id, Microversion? microversion, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<ServerPoll>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            if (!_pending.TryGetValue(id, out var list)) _pending[id] = list = [];
            list.Add((client, microversion, tcs));
            start = !_running;
            _running = true;
        }
        if (start) _ = Task.Run(DrainAsync, CancellationToken.None);
        return ct.CanBeCanceled ? tcs.Task.WaitAsync(ct) : tcs.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            Dictionary<string, List<(NovaClient Client, Microversion? Mv, TaskCompletionSource<ServerPoll> Tcs)>> batch;
            lock (_gate)
            {
                if (_pending.Count == 0) { _running = false; return; }
                batch = new(_pending, StringComparer.Ordinal);
                _pending.Clear();
            }
            Interlocked.Add(ref _looks, batch.Values.Sum(l => l.Count));
            var unanswered = batch.Keys.ToList();
            if (batch.Count >= BatchFrom)
            {
                try
                {
                    Interlocked.Increment(ref _lists);
                    var pattern = "^" + System.Text.RegularExpressions.Regex.Escape(namePrefix);
                    var response = await listClient.SendAsync(HttpMethod.Get, NovaUrls.ServersNamed(pattern, allProjects), null).ConfigureAwait(false);
                    if (response.Status == 200 && response.Json?["servers"] is JsonArray servers)
                        foreach (var s in servers.OfType<JsonObject>())
                        {
                            var id = s["id"]?.ToString();
                            if (id is null || !batch.TryGetValue(id, out var waiting)) continue;
                            var poll = new ServerPoll(200, new JsonObject { ["server"] = s.DeepClone() }, response.RequestId, $"HTTP 200 (GET /servers/detail, request {response.RequestId ?? "without id"})");
                            foreach (var w in waiting) w.Tcs.TrySetResult(poll);
                            unanswered.Remove(id);
                        }
                }
                catch (Exception) { /* each server then gets a GET of its own, which reports what is wrong */ }
            }
            await Task.WhenAll(unanswered.SelectMany(id => batch[id].Select(async w =>
            {
                try
                {
                    Interlocked.Increment(ref _gets);
                    var r = await w.Client.GetServerAsync(id, w.Mv).ConfigureAwait(false);
                    w.Tcs.TrySetResult(new ServerPoll(r.Status, r.Json, r.RequestId, r.ToString()));
                }
                catch (Exception e) { w.Tcs.TrySetException(e); }
            }))).ConfigureAwait(false);
        }
    }
}
