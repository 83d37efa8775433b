using ConformanceKit.Client;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.Drivers;

/// <summary>
/// What happens after a scenario: its HTTP exchanges and time budget go into its result, and everything it made or
/// changed on the cloud is undone (hosts brought back, servers handed on or deleted, floating IP given back, images
/// deleted). <see cref="StepDefinitions.ScenarioHooks"/> calls it.
/// </summary>
public sealed class CleanupDriver(KitSession session, ScenarioState state, ScenarioContext context, ComputeHostDriver hosts, NetworkDriver network, ScenarioClients clients)
{
    /// <summary>
    /// In this order: attach the exchanges, record the time budget, bring back the hosts the scenario took down, hand its
    /// server on (or not), delete its servers (in the background, or waiting where an address, a host or the quota
    /// depends on it), give back its floating IP, delete its images, and look for servers of given-up creates. The host
    /// gate is released last. Anything left undone breaks the scenario, naming the sweep that retries it.
    /// </summary>
    public async Task RunAsync()
    {
        var kitTime = DateTimeOffset.UtcNow - state.Started;
        new ExchangeAttachments(context).Attach(state.Exchanges.Items, state.LastResponse?.Exchange);
        await RecordTimeBudgetAsync(kitTime).ConfigureAwait(false);
        var problems = new List<string>();
        var deletesInBackground = false;
        try
        {
            problems.AddRange(await hosts.BringBackAsync().ConfigureAwait(false));
            await HandOnAsync().ConfigureAwait(false);
            // A scenario that leased a floating IP or took a host down waits for its servers to be gone: the address goes
            // back to the pool, and the host gate opens, only then. So does every scenario where the member's quota limits
            // the servers (the next create must find room). Any other scenario deletes its servers and goes on; the
            // deletion finishes on its own (holding the host gate until then) and the run checks at its end that all are gone.
            deletesInBackground = state.LeasedFloatingIp is null && !state.HoldsHostsExclusively && state.DownHosts.Count == 0
                && (state.CreatedServers.Count == 0 || !await session.Quota.IsLimitedAsync().ConfigureAwait(false));
            if (deletesInBackground)
            {
                session.Tracker.DeleteInBackground([.. state.CreatedServers], state.HostMoveHold);
                state.HostMoveHold = null;
            }
            else
            {
                // Cleanup must still happen when the run is being cancelled, so it does not use the scenario's token.
                var deletion = await session.Tracker.DeleteAsync(state.CreatedServers, CancellationToken.None).ConfigureAwait(false);
                problems.AddRange(deletion);
                // An address goes back to the pool only once the servers that may hold it are gone.
                if (deletion.Count == 0 && await network.ReleaseFloatingIpAsync().ConfigureAwait(false) is { } released) problems.Add(released);
            }
            problems.AddRange(await DeleteImagesAsync().ConfigureAwait(false));
            // Servers of creates the kit gave up on hold quota: look for them now (what is not settled yet is retried at the end).
            if (session.Tracker.GivenUpCreates.Count > 0)
                await session.Tracker.ResolveGivenUpAsync(final: false, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // Only now may another scenario take a host down: this one's servers (perhaps moved to the other host) are gone
            // (or, deleted in the background, release the hold themselves once gone).
            state.HostMoveHold?.Dispose();
            state.HostMoveHold = null;
        }
        if (problems.Count > 0)
            throw new ScenarioBrokenException("Cleanup failed: " + string.Join("; ", problems) + $". Run 'nova-conformance sweep --run-id {session.RunId}' to retry.");
    }

    /// <summary>
    /// The scenario's time budget, attached to its result: the kit's wall time up to its cleanup, Nova's own time for the
    /// actions the scenario drove (the union of the instance-action events of its servers), and their ratio.
    /// </summary>
    private async Task RecordTimeBudgetAsync(TimeSpan kitTime)
    {
        var admin = session.Find(Role.Admin);
        IReadOnlyList<NovaInterval> events = [];
        if (admin is not null && state.CreatedServers.Count > 0 && session.Http.AbortReason is null)
        {
            var mine = state.Exchanges.Items.Select(e => e.RequestId).OfType<string>().ToHashSet(StringComparer.Ordinal);
            try { events = await TimeBudget.ReadAsync(admin.Client, state.CreatedServers, CancellationToken.None, mine).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { /* the budget then says Nova's time is unknown */ }
        }
        var nova = events.Count > 0 ? TimeBudget.Union(events) : (TimeSpan?)null;
        session.Budget.Add(kitTime, events);
        // An attachment, not a parameter: parameters are part of a result's identity (Allure history), a time is not.
        var budget = new System.Text.Json.Nodes.JsonObject
        {
            ["summary"] = TimeBudget.Describe(kitTime, nova),
            ["kit_seconds"] = Math.Round(kitTime.TotalSeconds, 3),
            ["nova_seconds"] = nova is { } n ? Math.Round(n.TotalSeconds, 3) : null,
            ["kit_over_nova"] = nova is { } m && m > TimeSpan.Zero ? Math.Round(kitTime / m, 2) : null,
            ["instance_action_events"] = events.Count,
            ["servers"] = new System.Text.Json.Nodes.JsonArray([.. state.CreatedServers.Select(id => (System.Text.Json.Nodes.JsonNode)id)]),
            ["note"] = "kit time: from the scenario's start to its cleanup; Nova time: the union of the start_time..finish_time of the os-instance-actions events of its servers",
        };
        context.Attach("time budget", "application/json", budget.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// A scenario that passed and left its one server as it received it puts the server on the run's shelf instead of
    /// deleting it (see <see cref="ServerShelf"/>); any other server is deleted as usual.
    /// </summary>
    private async Task HandOnAsync()
    {
        if (state.Handover is not { } handover || state.CreatedServers is not [var only] || only != handover.Id
            || context.ScenarioExecutionStatus != ScenarioExecutionStatus.OK || context.TestError is not null
            || state.DownHosts.Count > 0 || state.HoldsHostsExclusively || state.LeasedFloatingIp is not null || state.CreatedImages.Count > 0
            || session.Http.AbortReason is not null)
            return;
        if (await session.Shelf.OfferAsync(handover, state.Exchanges.Items, clients[Role.Admin]).ConfigureAwait(false))
            state.CreatedServers.Remove(handover.Id);
    }

    /// <summary>Deletes the snapshots and backups the scenario made (DELETE /images/{id}, a proxy API up to 2.35); gone already is fine.</summary>
    private async Task<IReadOnlyList<string>> DeleteImagesAsync()
    {
        var problems = new List<string>();
        foreach (var image in state.CreatedImages.ToList())
        {
            var response = await clients[Role.Admin].SendAsync(HttpMethod.Delete, NovaUrls.Image(image), NovaMicroversions.LastProxyApis).ConfigureAwait(false);
            if (response.Status is 204 or 404) state.CreatedImages.Remove(image);
            else problems.Add($"image {image} was not deleted: DELETE /images/{{id}} answered {response}");
        }
        return problems;
    }
}
