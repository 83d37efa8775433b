using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Compute hosts failing and coming back (evacuate's precondition).</summary>
[Binding]
public sealed class HostSteps(KitSession session, ScenarioState state, ServerDriver servers, ComputeHostDriver hosts)
{
    /// <summary>Forces the server's nova-compute down (brought back after the scenario); skipped where the kit cannot restart it.</summary>
    [Given("the admin has taken the server's host down")]
    public async Task TakesTheHostDown()
    {
        // No other scenario may move a server or take a host down until this one has brought its host back.
        if (!state.HoldsHostsExclusively)
        {
            state.HostMoveHold?.Dispose();
            state.HostMoveHold = null;
            state.HostMoveHold = await session.HostMoves.ExclusiveAsync(CancellationToken.None);
            state.HoldsHostsExclusively = true;
            // No server waits on a host about to go down: the shelf's are deleted.
            session.Shelf.RetireAll();
        }
        var host = (await servers.ViewAsync(null)).Host ?? throw new ScenarioBrokenException("The server has no host to take down.");
        await hosts.TakeDownAsync(host);
    }
}
