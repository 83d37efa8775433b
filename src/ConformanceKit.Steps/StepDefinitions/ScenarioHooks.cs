using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Before each scenario: name its parameters. After it: keep its HTTP exchanges and delete its servers.</summary>
[Binding]
public sealed class ScenarioHooks(KitSession session, ScenarioState state, ScenarioContext context)
{
    [BeforeScenario]
    public void NameParameters()
    {
        context.AddParameter("target", session.TargetName);
        context.AddParameter("microversion", $"latest ({session.Latest})");
    }

    [AfterScenario]
    public async Task KeepExchangesAndDeleteServers()
    {
        new ExchangeAttachments(context).Attach(state.Exchanges.Items, state.LastResponse?.Exchange);
        // Cleanup must still happen when the run is being cancelled, so it does not use the scenario's token.
        var problems = await session.Tracker.DeleteAsync(state.CreatedServers, CancellationToken.None);
        if (problems.Count > 0)
            throw new ScenarioBrokenException("Cleanup failed: " + string.Join("; ", problems) + $". Run 'nova-conformance sweep --run-id {session.RunId}' to retry.");
    }
}
