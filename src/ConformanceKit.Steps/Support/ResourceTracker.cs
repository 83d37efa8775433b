using System.Collections.Concurrent;
using ConformanceKit.Client;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// Remembers every server the kit created and deletes them: after each scenario, at the end of the run,
/// and on interruption. Deletion goes as far as the server answering 404 (a soft-deleted server is force-deleted).
/// </summary>
public sealed class ResourceTracker(KitSession session)
{
    private readonly ConcurrentDictionary<string, string> _servers = new();

    public IReadOnlyCollection<string> Servers => _servers.Keys.ToList();

    public void Add(string serverId, string name) => _servers[serverId] = name;

    public void Forget(string serverId) => _servers.TryRemove(serverId, out _);

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

    public Task<IReadOnlyList<string>> DeleteAllAsync(CancellationToken ct) => DeleteAsync(_servers.Keys, ct);

    private async Task DeleteOneAsync(NovaClient client, string id, CancellationToken ct)
    {
        var waiter = new ServerWaiter(client, session.Options.Wait);
        var response = await client.GetServerAsync(id, null, ct).ConfigureAwait(false);
        if (response.Status == 404) return;
        var view = ServerView.From(response.Json);
        // The admin deletes: a lock does not stop an admin.
        if (view.Status != "SOFT_DELETED")
        {
            var deleted = await client.DeleteServerAsync(id, ct).ConfigureAwait(false);
            if (deleted.Status is not (204 or 404))
                throw new InvalidOperationException($"DELETE answered {deleted}");
            // DELETE is asynchronous; with soft delete configured it ends in SOFT_DELETED rather than 404.
            view = await waiter.ForDeletedOrSoftDeletedAsync(id, ct).ConfigureAwait(false);
            if (view is null) return;
        }
        var purge = await client.ActionAsync(id, new System.Text.Json.Nodes.JsonObject { ["forceDelete"] = null }, null, ct).ConfigureAwait(false);
        if (purge.Status is not (202 or 404))
            throw new InvalidOperationException($"forceDelete of the soft-deleted server answered {purge}");
        await waiter.ForDeletionAsync(id, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes every server whose name carries the kit's prefix (and the run id, when given): the sweeper.</summary>
    public async Task<(int Found, IReadOnlyList<string> Problems)> SweepAsync(string? runId, CancellationToken ct)
    {
        var admin = session.Find(Role.Admin) ?? session.Find(Role.Owner)!;
        var pattern = "^" + KitOptions.NamePrefix + (runId ?? "");
        var found = await admin.Client.ListServersAsync(pattern, allProjects: admin.Role == Role.Admin, ct).ConfigureAwait(false);
        foreach (var (id, name, _) in found) _servers[id] = name;
        return (found.Count, await DeleteAsync(found.Select(f => f.Id), ct).ConfigureAwait(false));
    }
}
