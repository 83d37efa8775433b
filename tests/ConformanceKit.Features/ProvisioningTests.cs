using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Core;
using ConformanceKit.Core.Results;
using ConformanceKit.Simulator.Backend;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// The kit provisions the security group and floating IPs it needs on the cloud (no name of our reference), and
/// removes them: on a simulator deployed with Nova's shipped defaults there is no "extra" group and no pre-allocated
/// address, yet the security-group and floating-IP scenarios pass, and nothing of the run is left afterwards.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ProvisioningTests
{
    private static readonly string Features = Path.Combine(RepoRoot.Find(), "features");

    [Test]
    public async Task The_kit_creates_its_security_group_and_floating_IPs_and_removes_them()
    {
        const string tags = "@action:addSecurityGroup or @action:removeSecurityGroup or @action:addFloatingIp or @action:removeFloatingIp";
        var options = new ConformanceKit.Cli.Hosting.RunOptions { Simulator = true, SimulatorDeployment = "defaults", Tags = tags, WaitTimeout = TimeSpan.FromSeconds(5) };
        var suite = ConformanceHost.Discover(Features, tags);
        await using var host = await ConformanceHost.StartAsync(options, new CloudConfigLoader(_ => null), CancellationToken.None);
        var backend = host.Target.Simulator!.Backend;
        backend.FloatingIps.Should().NotContain(f => f.Allocated, "Nova's shipped defaults pre-allocate no floating IP");

        var runner = host.CreateRunner(suite, listener: null);
        var results = new List<ScenarioResult>();
        foreach (var s in suite.Scenarios) results.Add(await runner.RunAsync(s));
        results.Should().NotBeEmpty();
        results.Should().OnlyContain(r => r.Outcome == Outcome.Passed, string.Join("\n", results.Where(r => r.Outcome != Outcome.Passed).Select(r => $"{r.Id}: {r.Outcome} {r.Message}")));

        var owner = new CallContext("demo", "demo", false, Microversion.Minimum);
        var group = host.Session.Networking.CreatedSecurityGroup;
        group.Should().NotBeNull();
        group!.Name.Should().StartWith($"nck-{host.Session.RunId}-sg-");
        backend.ListSecurityGroups(owner).Should().Contain(g => g.Name == group.Name, "the group lives until the end of the run");
        backend.FloatingIps.Should().NotContain(f => f.Allocated, "each scenario released the address it allocated");

        await host.Session.Tracker.DeleteAllAsync(CancellationToken.None);
        (await host.Session.Networking.DeleteAllAsync(CancellationToken.None)).Should().BeEmpty();
        backend.ListSecurityGroups(owner).Select(g => g.Name).Should().Equal("default");
        backend.Servers.Should().BeEmpty();
    }

    [Test]
    public async Task A_configured_security_group_and_floating_IP_are_used_as_they_are()
    {
        const string tags = "@id:add-security-group-normal or @id:add-floating-ip-normal";
        var options = new ConformanceKit.Cli.Hosting.RunOptions
        {
            Simulator = true, Tags = tags, SecurityGroup = "extra", FloatingIp = "172.24.4.10", WaitTimeout = TimeSpan.FromSeconds(5),
        };
        var suite = ConformanceHost.Discover(Features, tags);
        await using var host = await ConformanceHost.StartAsync(options, new CloudConfigLoader(_ => null), CancellationToken.None);
        var runner = host.CreateRunner(suite, listener: null);
        foreach (var s in suite.Scenarios)
        {
            var result = await runner.RunAsync(s);
            result.Outcome.Should().Be(Outcome.Passed, result.Message);
        }
        host.Session.Networking.CreatedSecurityGroup.Should().BeNull("--security-group names an existing group");
        host.Target.Simulator!.Backend.FloatingIps.Count(f => f.Allocated).Should().Be(20, "--floating-ip names an existing address; none was allocated");
    }
}
