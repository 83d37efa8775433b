using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>The server's security groups, floating and fixed addresses.</summary>
[Binding]
public sealed class NetworkSteps(KitSession session, ScenarioState state, ActionDriver actions, RequestBodies bodies, NetworkDriver network)
{
    [Given("the server is in the security group")]
    public Task IsInTheGroup() => PrepareAsync("addSecurityGroup");

    [Given("the server has a floating IP")]
    public async Task HasAFloatingIp()
    {
        await PrepareAsync("addFloatingIp").ConfigureAwait(false);
        await network.WaitForAsync(v => HasFloating(v), "the floating IP to show in the server's addresses").ConfigureAwait(false);
    }

    [Then("the server is in the security group")]
    public async Task IsInGroup() =>
        (await network.ViewServerAsync()).SecurityGroups.Should().Contain(await network.SecurityGroupAsync(), "the security group was added to the server");

    [Then("the server is not in the security group")]
    public async Task IsNotInGroup() =>
        (await network.ViewServerAsync()).SecurityGroups.Should().NotContain(await network.SecurityGroupAsync(), "the security group was removed from the server, or never added");

    [Then("the server has the floating IP")]
    public async Task HasTheFloatingIp()
    {
        var view = await network.WaitForAsync(HasFloating, $"{state.LeasedFloatingIp} to show in the server's addresses as a floating address");
        HasFloating(view).Should().BeTrue($"floating IP {state.LeasedFloatingIp} was associated with the server, but its addresses are {string.Join(", ", NetworkDriver.Addresses(view).Select(a => $"{a.Address} ({a.Type})"))}");
    }

    [Then("the server has no floating IP")]
    public async Task HasNoFloatingIp()
    {
        var view = await network.WaitForAsync(v => NetworkDriver.Addresses(v).All(a => a.Type != "floating"), "the server's addresses to show no floating address");
        NetworkDriver.Addresses(view).Should().NotContain(a => a.Type == "floating", "the floating IP was disassociated from the server (or never associated)");
    }

    private bool HasFloating(Client.ServerView view) =>
        NetworkDriver.Addresses(view).Any(a => a.Type == "floating" && a.Address == state.LeasedFloatingIp);

    private async Task PrepareAsync(string actionName)
    {
        var action = session.Catalogue[actionName];
        await bodies.PrepareAsync(action.Default).ConfigureAwait(false);
        var response = await actions.InvokeAsync(Role.Owner, action, null, state.RequireServer()).ConfigureAwait(false);
        state.LastResponse = null;
        if (response.Status != action.NormalCode)
            throw new ScenarioBrokenException($"Preparing the scenario, {action.Name} answered {response}, not {action.NormalCode}.");
    }
}
