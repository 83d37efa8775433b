using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Compute hosts failing and coming back (evacuate's precondition).</summary>
[Binding]
public sealed class HostSteps(ServerDriver servers, ComputeHostDriver hosts)
{
    /// <summary>Forces the server's nova-compute down (brought back after the scenario); skipped where the kit cannot restart it.</summary>
    [Given("the admin has taken the server's host down")]
    public async Task TakesTheHostDown()
    {
        var host = (await servers.ViewAsync(null)).Host ?? throw new ScenarioBrokenException("The server has no host to take down.");
        await hosts.TakeDownAsync(host);
    }
}
