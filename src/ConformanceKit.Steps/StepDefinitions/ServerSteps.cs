using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Steps about the scenario's server: creating it, preparing its status, checking where it settles.</summary>
[Binding]
public sealed class ServerSteps(KitSession session, ScenarioState state, ServerDriver servers, ComputeHostDriver hosts, ScenarioContext context)
{
    [Given("a server owned by the member")]
    public async Task AServerOwnedByTheMember() => state.ServerId = await servers.CreateAsync(Role.Owner);

    [Given("the server is {status}")]
    public Task TheServerIs(string status) => servers.BringToAsync(status);

    /// <summary>
    /// Waits for <paramref name="status"/>. SHELVED is also met by SHELVED_OFFLOADED: the api-ref says a shelved server is
    /// offloaded at once where the cloud's shelved_offload_time is 0 (Nova's shipped default).
    /// </summary>
    [Then("the server settles in {status}")]
    public async Task TheServerSettlesIn(string status)
    {
        try
        {
            var view = await servers.Waiter().ForStatusAsync(state.RequireServer(), status, state.Microversion,
                cannotGetThere: ServerDriver.CannotGetThere(status, state.StatusBefore)).ConfigureAwait(false);
            view.Status.Should().Be(status);
        }
        catch (Client.StatusUnreachableException e) when (status == "SHELVED")
        {
            e.View.Status.Should().Be("SHELVED_OFFLOADED");
            context.AddParameter("shelve", "offloaded at once (shelved_offload_time = 0)");
        }
        catch (Client.StatusUnreachableException e)
        {
            // A resize or migration that ended where it started: on a cloud with one compute host, the scheduler had nowhere to go.
            if (await hosts.SingleHostAsync().ConfigureAwait(false) is { } only)
                throw DeploymentSettings.NoSecondHost(only, resize: state.LastAction?.Action == "resize");
            throw new Client.ServerFaultException(e.Message + " The move ended without effect although the cloud has another compute host.");
        }
    }

    /// <summary>A move needs somewhere to go: skipped with the setting to change on a cloud with one compute host.</summary>
    [Given("the cloud has another compute host")]
    public async Task HasAnotherHost() => await hosts.OtherThanAsync((await servers.ViewAsync(null).ConfigureAwait(false)).Host).ConfigureAwait(false);

    [Then("the server is gone")]
    public async Task TheServerIsGone()
    {
        await servers.Waiter().ForDeletionAsync(state.RequireServer()).ConfigureAwait(false);
        session.Tracker.Forget(state.RequireServer());
    }

    [Then("the server runs on another host")]
    public async Task RunsOnAnotherHost()
    {
        var before = state.Before?.Host ?? throw new InvalidOperationException("No host was seen before the action; this step follows a 'When' action step.");
        var view = await servers.ViewAsync(null).ConfigureAwait(false);
        view.Host.Should().NotBeNull("an admin's GET shows OS-EXT-SRV-ATTR:host").And.NotBe(before, $"the server was moved away from {before}");
    }

    [Then("the server runs on the same host")]
    public async Task RunsOnTheSameHost()
    {
        var before = state.Before?.Host ?? throw new InvalidOperationException("No host was seen before the action; this step follows a 'When' action step.");
        (await servers.ViewAsync(null).ConfigureAwait(false)).Host.Should().Be(before, "the server was not moved");
    }

    /// <summary>The request named the destination (<c>${otherHost}</c>): GET shows the server there.</summary>
    [Then("the server runs on the host it was sent to")]
    public async Task RunsOnTheNamedHost()
    {
        var named = state.Values[RequestValue.OtherHost] ?? throw new InvalidOperationException("No host was named in the request; this step follows an action sent to a named host.");
        (await servers.ViewAsync(null).ConfigureAwait(false)).Host.Should().Be(named, "the request named the host the server must go to");
    }

    /// <summary>The host is read until it is gone or the wait times out (Nova clears it in a second save).</summary>
    [Then("the server has no host")]
    public async Task HasNoHost() =>
        (await servers.HostlessAsync().ConfigureAwait(false)).Host.Should().BeNull("an offloaded server no longer occupies a compute host");

    [Then("the server runs on a host")]
    public async Task RunsOnAHost() =>
        (await servers.ViewAsync(null).ConfigureAwait(false)).Host.Should().NotBeNullOrEmpty("a running server has a compute host");

    [Then("the server is still {status}")]
    public async Task TheServerIsStill(string status)
    {
        var view = await servers.Waiter().ForSettledAsync(state.RequireServer(), state.Microversion).ConfigureAwait(false);
        view.Status.Should().Be(status, "a refused action must leave the server as it was");
        if (state.Before is not { } before) return;
        // As it was in every field the action could have touched, read as before the action (the admin's view, same microversion).
        var now = await servers.ViewAsync(null).ConfigureAwait(false);
        var changed = now.ChangesSince(before);
        changed.Should().BeEmpty("a refused action must leave the server as it was (seen before the action and now)");
    }
}
