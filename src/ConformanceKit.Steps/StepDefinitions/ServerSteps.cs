using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using FluentAssertions;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Steps about the scenario's server: creating it, preparing its status, checking where it settles.</summary>
[Binding]
public sealed class ServerSteps(ScenarioState state, ServerDriver servers)
{
    [Given("a server owned by the member")]
    public async Task AServerOwnedByTheMember() => state.ServerId = await servers.CreateAsync(Role.Owner);

    [Given("the server is {status}")]
    public Task TheServerIs(string status) => servers.BringToAsync(status);

    [Then("the server settles in {status}")]
    public async Task TheServerSettlesIn(string status)
    {
        var view = await servers.Waiter().ForStatusAsync(state.RequireServer(), status, state.Microversion).ConfigureAwait(false);
        view.Status.Should().Be(status);
    }

    [Then("the server is still {status}")]
    public async Task TheServerIsStill(string status)
    {
        var view = await servers.Waiter().ForSettledAsync(state.RequireServer(), state.Microversion).ConfigureAwait(false);
        view.Status.Should().Be(status, "a refused action must leave the server as it was");
    }
}
