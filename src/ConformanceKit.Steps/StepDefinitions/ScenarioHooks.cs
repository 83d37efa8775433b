using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>
/// Before each scenario: name its parameters and hold the hosts up. After it: the <see cref="CleanupDriver"/> keeps its
/// HTTP exchanges and undoes what it made.
/// </summary>
[Binding]
public sealed class ScenarioHooks(KitSession session, ScenarioState state, ScenarioContext context, CleanupDriver cleanup)
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
    public Task KeepExchangesAndCleanUp() => cleanup.RunAsync();
}
