using ConformanceKit.Client;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>
/// Before each scenario: name its parameters. After it: keep its HTTP exchanges, bring back the hosts it took down,
/// delete its servers, give back its floating IP and delete the images it made.
/// </summary>
[Binding]
public sealed class ScenarioHooks(KitSession session, ScenarioState state, ScenarioContext context, ComputeHostDriver hosts, NetworkDriver network, ScenarioClients clients)
{
    [BeforeScenario]
    public void NameParameters()
    {
        context.AddParameter("target", session.TargetName);
        context.AddParameter("microversion", $"latest ({session.Latest})");
    }

    /// <summary>
    /// Every scenario holds the run's host gate shared until its cleanup is done, so that no compute host goes down
    /// (evacuate) under its server: with a host down Nova refuses to resize or migrate off it and deletes its servers
    /// locally. A scenario that takes a host down trades its shared hold for the exclusive one.
    /// </summary>
    [BeforeScenario]
    public async Task HoldTheHostsUp() =>
        state.HostMoveHold ??= await session.HostMoves.SharedAsync(CancellationToken.None).ConfigureAwait(false);

    [AfterScenario]
    public async Task KeepExchangesAndCleanUp()
    {
        new ExchangeAttachments(context).Attach(state.Exchanges.Items, state.LastResponse?.Exchange);
        var problems = new List<string>();
        try
        {
            problems.AddRange(await hosts.BringBackAsync().ConfigureAwait(false));
            // Cleanup must still happen when the run is being cancelled, so it does not use the scenario's token.
            var deletion = await session.Tracker.DeleteAsync(state.CreatedServers, CancellationToken.None).ConfigureAwait(false);
            problems.AddRange(deletion);
            // An address goes back to the pool only once the servers that may hold it are gone.
            if (deletion.Count == 0 && await network.ReleaseFloatingIpAsync().ConfigureAwait(false) is { } released) problems.Add(released);
            problems.AddRange(await DeleteImagesAsync().ConfigureAwait(false));
            // Servers of creates the kit gave up on hold quota: look for them now (what is not settled yet is retried at the end).
            if (session.Tracker.GivenUpCreates.Count > 0)
                await session.Tracker.ResolveGivenUpAsync(final: false, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // Only now may another scenario take a host down: this one's servers (perhaps moved to the other host) are gone.
            state.HostMoveHold?.Dispose();
            state.HostMoveHold = null;
        }
        if (problems.Count > 0)
            throw new ScenarioBrokenException("Cleanup failed: " + string.Join("; ", problems) + $". Run 'nova-conformance sweep --run-id {session.RunId}' to retry.");
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
