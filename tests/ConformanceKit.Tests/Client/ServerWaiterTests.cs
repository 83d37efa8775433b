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

    private static async Task<(NovaSimulator Sim, NovaClient Client, NovaHttp Http)> StartAsync()
    {
        var sim = await NovaSimulator.StartAsync(new SimulatorOptions { SoftDelete = false });
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
}
