namespace ConformanceKit.Simulator.Tests;

public sealed class AfterPollsTests : SimulatorFixture
{
    protected override SimulatorOptions Options => new() { Progression = Progression.AfterPolls(3) };

    [Test]
    public async Task Pause_is_visible_on_the_third_get()
    {
        var token = NewMember();
        var id = await Api.CreateServerAsync(token);
        (await Api.StatusAsync(id, token)).Should().Be("BUILD");
        (await Api.StatusAsync(id, token)).Should().Be("BUILD");
        (await Api.StatusAsync(id, token)).Should().Be("ACTIVE");

        (await Api.ActionAsync(id, """{"pause": null}""", token)).Code.Should().Be(202);

        var first = (await Api.GetServerAsync(id, token)).Server;
        first["status"]!.GetValue<string>().Should().Be("ACTIVE");
        first["OS-EXT-STS:task_state"]!.GetValue<string>().Should().Be("pausing");
        (await Api.StatusAsync(id, token)).Should().Be("ACTIVE");
        var third = (await Api.GetServerAsync(id, token)).Server;
        third["status"]!.GetValue<string>().Should().Be("PAUSED");
        third["OS-EXT-STS:task_state"].Should().BeNull();
    }

    [Test]
    public async Task An_action_while_a_task_is_running_is_a_409_naming_the_task_state()
    {
        var token = NewMember();
        var id = await Api.CreateServerAsync(token);
        await Api.PollUntilAsync(id, "ACTIVE", token);
        await Api.ActionAsync(id, """{"pause": null}""", token);

        var reply = await Api.ActionAsync(id, """{"pause": null}""", token);

        reply.Code.Should().Be(409);
        reply.Json["conflictingRequest"]!["message"]!.GetValue<string>().Should().Be($"Cannot 'pause' instance {id} while it is in task_state pausing");
    }

    [Test]
    public async Task Inspecting_the_backend_does_not_count_as_a_poll()
    {
        var token = NewMember();
        var id = await Api.CreateServerAsync(token);

        for (var i = 0; i < 5; i++) Simulator.Backend.FindServer(id)!.Status.Should().Be("BUILD");

        Simulator.Backend.FindServer(id)!.PendingAction.Should().Be("create");
    }
}

public sealed class AfterTimeTests
{
    [Test]
    public async Task Transition_completes_when_the_injected_clock_has_moved_on()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions { Progression = Progression.AfterTime(TimeSpan.FromSeconds(30)), Clock = clock });
        using var api = new Api(sim);
        var id = await api.CreateServerAsync();

        (await api.StatusAsync(id)).Should().Be("BUILD");
        clock.Advance(TimeSpan.FromSeconds(29));
        (await api.StatusAsync(id)).Should().Be("BUILD");
        clock.Advance(TimeSpan.FromSeconds(1));
        (await api.StatusAsync(id)).Should().Be("ACTIVE");

        await api.ActionAsync(id, """{"os-stop": null}""");
        (await api.GetServerAsync(id)).Server["OS-EXT-STS:task_state"]!.GetValue<string>().Should().Be("powering-off");
        clock.Advance(TimeSpan.FromMinutes(1));
        (await api.StatusAsync(id)).Should().Be("SHUTOFF");
        (await api.GetServerAsync(id)).Server["created"]!.GetValue<string>().Should().Be("2025-01-01T12:00:00Z");
    }
}

public sealed class OptionParsingTests
{
    [TestCase("immediate", "immediate")]
    [TestCase("polls:3", "polls:3")]
    [TestCase("time:500ms", "time:500ms")]
    [TestCase("time:2s", "time:2000ms")]
    public void Progression_parses(string text, string normalised) => Progression.Parse(text).ToString().Should().Be(normalised);

    [TestCase("polls:0")]
    [TestCase("sometimes")]
    [TestCase("time:soon")]
    public void Bad_progression_says_what_is_accepted(string text) =>
        FluentActions.Invoking(() => Progression.Parse(text)).Should().Throw<FormatException>().WithMessage("*'immediate', 'polls:N'*");

    [Test]
    public void Fault_profile_parses_names_and_composes()
    {
        var profile = FaultProfile.Parse("wrong-code, no-microversion-echo");

        profile.Has(Fault.WrongCode).Should().BeTrue();
        profile.Has(Fault.NoMicroversionEcho).Should().BeTrue();
        profile.Has(Fault.Stuck).Should().BeFalse();
        profile.ToString().Should().Be("wrong-code,no-microversion-echo");
        (FaultProfile.Parse("stuck") | profile).Names.Should().HaveCount(3);
        FaultProfile.Parse("none").IsNone.Should().BeTrue();
        FaultProfile.Parse("").Should().Be(FaultProfile.None);
    }

    [Test]
    public void Every_fault_has_a_name_and_unknown_names_are_refused()
    {
        FaultProfile.Catalogue.Select(f => f.Fault).Should().BeEquivalentTo(Enum.GetValues<Fault>().Where(f => f != Fault.None));
        FluentActions.Invoking(() => FaultProfile.Parse("wrong-code,bogus")).Should().Throw<FormatException>()
            .WithMessage("'bogus' is not a fault profile; known: wrong-code, *");
    }

    [Test]
    public async Task Invalid_options_are_refused_with_a_one_line_reason()
    {
        FluentActions.Invoking(() => new SimulatorOptions { MaxVersion = new(2, 0) }.Validate()).Should().Throw<ArgumentException>().WithMessage("*below*");
        FluentActions.Invoking(() => new SimulatorOptions { ComputeHosts = [] }.Validate()).Should().Throw<ArgumentException>().WithMessage("At least one compute host*");
        await FluentActions.Awaiting(() => NovaSimulator.StartAsync(new SimulatorOptions { InstanceQuota = 0 })).Should().ThrowAsync<ArgumentException>();
    }
}
