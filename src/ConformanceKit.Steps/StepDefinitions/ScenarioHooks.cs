using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>
/// Before each scenario: name its parameters. After it: keep its HTTP exchanges, bring back the hosts it took down,
/// delete its servers and give back its floating IP.
/// </summary>
[Binding]
public sealed class ScenarioHooks(KitSession session, ScenarioState state, ScenarioContext context, ComputeHostDriver hosts, NetworkDriver network)
{
    [BeforeScenario]
    public void NameParameters()
    {
        context.AddParameter("target", session.TargetName);
        context.AddParameter("microversion", $"latest ({session.Latest})");
    }

    [AfterScenario]
    public async Task KeepExchangesAndCleanUp()
    {
        new ExchangeAttachments(context).Attach(state.Exchanges.Items, state.LastResponse?.Exchange);
        var problems = new List<string>(await hosts.BringBackAsync().ConfigureAwait(false));
        // Cleanup must still happen when the run is being cancelled, so it does not use the scenario's token.
        var deletion = await session.Tracker.DeleteAsync(state.CreatedServers, CancellationToken.None).ConfigureAwait(false);
        problems.AddRange(deletion);
        // An address goes back to the pool only once the servers that may hold it are gone.
        if (deletion.Count == 0) network.ReleaseFloatingIp();
        if (problems.Count > 0)
            throw new ScenarioBrokenException("Cleanup failed: " + string.Join("; ", problems) + $". Run 'nova-conformance sweep --run-id {session.RunId}' to retry.");
    }
}
