using System.Diagnostics;
using ConformanceKit.Client;
using ConformanceKit.Client.Auth;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Client.Http;
using ConformanceKit.Simulator;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Tests.Client;

/// <summary>A server that vanishes, or rests where the awaited status cannot be reached from, ends the wait at once.</summary>
public class ServerWaiterTests
{
    private static readonly WaitOptions Long = new(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));

    private static async Task<(NovaSimulator Sim, NovaClient Client, NovaHttp Http)> StartAsync(string faults = "none", Progression? progression = null)
    {
        var sim = await NovaSimulator.StartAsync(new SimulatorOptions { SoftDelete = false, Faults = FaultProfile.Parse(faults), Progression = progression ?? Progression.Immediate });
        var config = new CloudConfig { Source = "test", AuthType = AuthType.NoAuth2, ComputeEndpoint = sim.Endpoint, Token = "demo:demo" };
        var http = new NovaHttp(config, new SecretMasker());
        return (sim, new NovaClient(Authenticator.For(config, http), http), http);
    }

    private static async Task<string> CreateAsync(NovaClient client)
    {
        var response = await client.CreateServerAsync(new ServerCreate("nck-waiter", "1", "155d900f-4e14-4e4c-a73d-069cbf4541e6"), null);
        response.Status.Should().Be(202, response.Body);
        return response.Json!["server"]!["id"]!.ToString();
    }

    [Test]
    public async Task A_server_deleted_while_waited_for_stops_the_wait_at_once_naming_it()
    {
        var (sim, client, http) = await StartAsync();
        await using var _ = sim;
        using var __ = http;
        var id = await CreateAsync(client);
        var waiter = new ServerWaiter(client, Long);
        var wait = waiter.ForStatusAsync(id, "PAUSED");
        (await client.DeleteServerAsync(id)).Status.Should().Be(204);

        var watch = Stopwatch.StartNew();
        var e = (await FluentActions.Awaiting(() => wait).Should().ThrowAsync<WaitDeadEndException>()).Which;
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a vanished server is not waited on for the whole timeout (60 s here)");
        e.Gone.Should().BeTrue();
        e.ServerId.Should().Be(id);
        e.Message.Should().Contain("vanished (GET answered 404)").And.Contain("PAUSED");
    }

    [Test]
    public async Task A_caller_names_the_statuses_the_awaited_one_cannot_be_reached_from()
    {
        var (sim, client, http) = await StartAsync();
        await using var _ = sim;
        using var __ = http;
        var id = await CreateAsync(client);
        var waiter = new ServerWaiter(client, Long);
        var rules = new WaitRules { DeadEnds = new HashSet<string> { "ACTIVE" } };

        var e = (await FluentActions.Awaiting(() => waiter.ForStatusAsync(id, "SHELVED", rules)).Should().ThrowAsync<WaitDeadEndException>()).Which;
        e.Gone.Should().BeFalse();
        e.Status.Should().Be("ACTIVE");
        e.Message.Should().Contain("ACTIVE, from which SHELVED cannot be reached");
    }

    [Test]
    public async Task Gone_is_not_a_dead_end_when_the_caller_says_so()
    {
        var (sim, client, http) = await StartAsync();
        await using var _ = sim;
        using var __ = http;
        var waiter = new ServerWaiter(client, new WaitOptions(TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(50)));
        await FluentActions.Awaiting(() => waiter.ForStatusAsync(Guid.NewGuid().ToString(), "SOFT_DELETED", new WaitRules { GoneIsDeadEnd = false }))
            .Should().ThrowAsync<WaitTimeoutException>().WithMessage("*last seen: gone (404)*");
    }

    [Test]
    public async Task A_status_outside_Novas_enum_fails_the_wait_at_once_naming_the_violation()
    {
        var (sim, client, http) = await StartAsync("lowercase-status");
        await using var _ = sim;
        using var __ = http;
        var id = await CreateAsync(client);
        await new ServerWaiter(client, Long).ForStatusAsync(id, "ACTIVE");
        (await client.ActionAsync(id, new System.Text.Json.Nodes.JsonObject { ["pause"] = null }, null)).Status.Should().Be(202);

        var watch = Stopwatch.StartNew();
        var e = (await FluentActions.Awaiting(() => new ServerWaiter(client, Long).ForStatusAsync(id, "PAUSED")).Should().ThrowAsync<ServerContractException>()).Which;
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "'paused' never becomes PAUSED: the wait does not run out its 60 s");
        e.ServerId.Should().Be(id);
        e.Message.Should().Contain("status 'paused' is not one of Nova's server statuses").And.Contain("upper case ('PAUSED')");
    }

    [Test]
    public void The_poll_schedule_starts_short_and_doubles_up_to_its_cap()
    {
        var schedule = new WaitOptions(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1)).Schedule();
        Enumerable.Range(0, 7).Select(_ => schedule.Next().TotalMilliseconds).Should().Equal(50, 100, 200, 400, 800, 1000, 1000);
        schedule.Reset();
        schedule.Next().Should().Be(TimeSpan.FromMilliseconds(50));
        WaitOptions.Default.Schedule().Next().Should().Be(TimeSpan.FromMilliseconds(50));
    }

    [Test]
    public async Task Many_servers_waited_for_at_once_are_read_with_list_calls()
    {
        // Each transition takes 0.5 s; 8 servers are created and waited for together.
        var (sim, client, http) = await StartAsync(progression: Progression.AfterTime(TimeSpan.FromMilliseconds(500)));
        await using var _ = sim;
        using var __ = http;
        var ids = new List<string>();
        for (var i = 0; i < 8; i++) ids.Add(await CreateAsync(client));
        var poller = new ServerPoller(client, "nck-waiter", allProjects: false);
        var views = await Task.WhenAll(ids.Select(id => new ServerWaiter(client, Long, poller: poller).ForStatusAsync(id, "ACTIVE")));

        views.Should().OnlyContain(v => v.Status == "ACTIVE");
        var (gets, lists, looks) = poller.Counts;
        TestContext.Progress.WriteLine($"8 servers to ACTIVE: {looks} looks, {gets} GET /servers/{{id}}, {lists} GET /servers/detail");
        lists.Should().BeGreaterThan(0);
        (gets + lists).Should().BeLessThan(looks, "a list call answers several looks at once");
    }

    [Test]
    public void An_expected_wait_sleeps_its_lead_first_then_looks_at_the_short_schedule_and_is_not_reset_by_changes()
    {
        var schedule = new WaitOptions(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1)).Schedule();
        schedule.Expect(TimeSpan.FromMilliseconds(1500));
        schedule.Next().TotalMilliseconds.Should().Be(1500, "the lead may exceed the cap: it replaces the looks nobody needs");
        schedule.Next().TotalMilliseconds.Should().Be(50);
        schedule.Next().TotalMilliseconds.Should().Be(100);
        schedule.Reset();
        schedule.Next().TotalMilliseconds.Should().Be(200, "a change of status does not restart an expected wait");
    }

    [Test]
    public void The_settle_history_trusts_a_kind_after_two_waits_and_leads_by_three_quarters_of_its_median()
    {
        var history = new SettleHistory();
        history.FirstPause("status ACTIVE from BUILD").Should().BeNull();
        history.Record("status ACTIVE from BUILD", TimeSpan.FromMilliseconds(800));
        history.FirstPause("status ACTIVE from BUILD").Should().BeNull("one wait is not a habit");
        history.Record("status ACTIVE from BUILD", TimeSpan.FromMilliseconds(1200));
        history.Record("status ACTIVE from BUILD", TimeSpan.FromMilliseconds(1000));
        history.FirstPause("status ACTIVE from BUILD").Should().Be(TimeSpan.FromMilliseconds(750));
        history.FirstPause("status PAUSED from ACTIVE").Should().BeNull("kinds do not share their times");
    }

    [Test]
    public async Task Waits_of_a_kind_seen_before_cost_fewer_GETs_and_still_see_the_status()
    {
        // Each transition takes 0.6 s: the first waits poll at 50, 100, 200, 400 ms; later ones sleep most of the 0.6 s.
        var (sim, client, http) = await StartAsync(progression: Progression.AfterTime(TimeSpan.FromMilliseconds(600)));
        await using var _ = sim;
        using var __ = http;
        var options = Long with { PollInterval = TimeSpan.FromSeconds(1), History = new SettleHistory() };
        var polls = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var id = await CreateAsync(client);
            var waiter = new ServerWaiter(client, options);
            (await waiter.ForStatusAsync(id, "ACTIVE")).Status.Should().Be("ACTIVE");
            polls.Add(waiter.Polls);
        }
        TestContext.Progress.WriteLine($"GETs per wait for ACTIVE, in order: {string.Join(", ", polls)}");
        polls.Skip(2).Should().OnlyContain(p => p < polls[0], "from the third wait on the history leads the first look");
    }
}
