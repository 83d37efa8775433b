using ConformanceKit.Core;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Checks on the `locked` and `locked_reason` fields of GET /servers/{id}.</summary>
[Binding]
public sealed class LockSteps(ScenarioState state, ServerDriver servers)
{
    private static readonly Microversion LockedReason = new(2, 73);

    [Then("the server is locked")]
    public async Task IsLocked() => (await servers.ViewAsync(null)).Locked.Should().BeTrue("the server was locked");

    [Then("the server is not locked")]
    public async Task IsNotLocked() => (await servers.ViewAsync(null)).Locked.Should().BeFalse("the server was unlocked");

    [Then("the server is locked with the reason that was given")]
    public async Task IsLockedWithReason()
    {
        var view = await servers.ViewAsync(RequireReasonVersion());
        view.Locked.Should().BeTrue();
        view.LockedReason.Should().Be(state.Values[RequestValue.Reason], "from 2.73 GET shows the locked_reason the lock request gave");
    }

    [Then("the server is locked with no reason")]
    public async Task IsLockedWithoutReason()
    {
        var view = await servers.ViewAsync(RequireReasonVersion());
        view.Locked.Should().BeTrue();
        view.HasLockedReason.Should().BeTrue("from 2.73 GET always has a locked_reason field");
        view.LockedReason.Should().BeNull("no reason was given");
    }

    [Then("the server shows no locked_reason field")]
    public async Task ShowsNoReasonField()
    {
        var mv = state.EffectiveMicroversion;
        if (mv >= LockedReason) throw new InvalidOperationException("This check is for microversions below 2.73.");
        var view = await servers.ViewAsync(mv);
        view.HasLockedReason.Should().BeFalse($"locked_reason appears only from 2.73; the server was read at {mv}");
    }

    private Microversion RequireReasonVersion()
    {
        var mv = state.EffectiveMicroversion;
        if (mv < LockedReason) throw new ScenarioSkippedException($"locked_reason needs microversion 2.73; the scenario runs at {mv}.");
        return mv;
    }
}
