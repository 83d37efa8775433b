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
}
