using System.Text.Json.Nodes;
using ConformanceKit.Client;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.Drivers;

/// <summary>One nova-compute service as os-services lists it.</summary>
public sealed record ComputeService(string Id, string Host, bool Up, bool Enabled, bool ForcedDown);

/// <summary>
/// The cloud's compute hosts, through the admin's os-services API: which hosts exist, which one another is, and
/// taking a host down and bringing it back (evacuate needs a failed source host).
/// </summary>
/// <remarks>
/// Taking a host down is only done with the operator's <see cref="IHostControl"/> (<c>--host-control</c>), which stops
/// the host (fencing it) and starts it again: after an evacuation Nova refuses to force the source host up until its
/// nova-compute has restarted and cleaned up. Without one the kit never forces a host of the cloud down.
/// </remarks>
public sealed class ComputeHostDriver(KitSession session, ScenarioState state, ScenarioClients clients)
{
    public async Task<IReadOnlyList<ComputeService>> ListAsync()
    {
        var response = await clients[Role.Admin].SendAsync(HttpMethod.Get, NovaUrls.Services + "?binary=nova-compute", NovaMicroversions.ServicesByUuid).ConfigureAwait(false);
        if (response.Status == 404)
            throw new ScenarioSkippedException($"The endpoint has no os-services API at {NovaMicroversions.ServicesByUuid} (answered {response}); the kit cannot tell its compute hosts apart.");
        if (response.Status != 200)
            throw new ScenarioBrokenException($"Listing the compute services answered {response}.");
        return (response.Json?["services"] as JsonArray ?? [])
            .Select(s => new ComputeService(
                s?["id"]?.ToString() ?? "",
                s?["host"]?.ToString() ?? "",
                s?["state"]?.ToString() == "up",
                s?["status"]?.ToString() == "enabled",
                s?["forced_down"] is JsonValue f && f.TryGetValue<bool>(out var down) && down))
            .Where(s => s.Host.Length > 0)
            .ToList();
    }

    /// <summary>An up and enabled compute host other than <paramref name="host"/>; skips the scenario when there is none.</summary>
    public async Task<string> OtherThanAsync(string? host, bool resize = false)
    {
        var services = await ListAsync().ConfigureAwait(false);
        return services.FirstOrDefault(s => s.Up && s.Enabled && s.Host != host)?.Host
            ?? throw DeploymentSettings.NoSecondHost(Describe(services), resize);
    }

    /// <summary>The cloud's compute hosts, described, when fewer than two are up and enabled; null when a move has a destination.</summary>
    public async Task<string?> SingleHostAsync()
    {
        var services = await ListAsync().ConfigureAwait(false);
        return services.Count(s => s.Up && s.Enabled) < 2 ? Describe(services) : null;
    }

    private static string Describe(IReadOnlyList<ComputeService> services) => services.Count == 0
        ? "no nova-compute service"
        : string.Join(", ", services.Select(s => $"{s.Host} ({(s.Up ? "up" : "down")}, {(s.Enabled ? "enabled" : "disabled")})"));

    /// <summary>The skip reason of a cloud certified without --host-control.</summary>
    public const string NoHostControl =
        "Evacuating needs a failed compute host that the kit can stop and start again, and no operator command was given: " +
        "run with --host-control 'COMMAND {action} {host}' (the kit runs it with action stop, then start; see the README, " +
        "section Certify a cloud). Without it the kit never takes a host of the cloud down.";

    /// <summary>Stops <paramref name="host"/> with the operator's command and forces its nova-compute down; it is brought back after the scenario.</summary>
    public async Task TakeDownAsync(string host)
    {
        // Somewhere to evacuate to, first: a cloud with one compute host cannot evacuate at all.
        await OtherThanAsync(host).ConfigureAwait(false);
        var control = session.Options.HostControl ?? throw new ScenarioSkippedException(NoHostControl);
        var service = (await ListAsync().ConfigureAwait(false)).FirstOrDefault(s => s.Host == host)
            ?? throw new ScenarioBrokenException($"The server's host {host} has no nova-compute service in os-services.");
        state.DownHosts.Add(host);
        if (await control.RunAsync("stop", host, clients[Role.Admin], CancellationToken.None).ConfigureAwait(false) is { } stopProblem)
            throw new ScenarioBrokenException($"Stopping {host} failed: {stopProblem}.");
        var response = await ForceDownAsync(service.Id, true).ConfigureAwait(false);
        if (response.Status != 200)
            throw new ScenarioBrokenException($"Forcing {host} down answered {response}.");
    }

    /// <summary>Restarts the hosts this scenario took down (completing evacuations away from them) and forces them up.</summary>
    public async Task<IReadOnlyList<string>> BringBackAsync()
    {
        var problems = new List<string>();
        foreach (var host in state.DownHosts.ToList())
        {
            try
            {
                if (session.Options.HostControl is { } control
                    && await control.RunAsync("start", host, clients[Role.Admin], CancellationToken.None).ConfigureAwait(false) is { } startProblem)
                    problems.Add(startProblem);
                var service = (await ListAsync().ConfigureAwait(false)).FirstOrDefault(s => s.Host == host);
                if (service is null) { problems.Add($"{host} has no nova-compute service any more"); continue; }
                var up = await ForceDownAsync(service.Id, false).ConfigureAwait(false);
                if (up.Status != 200) { problems.Add($"forcing {host} up again answered {up}"); continue; }
                // The next scenario may schedule onto this host at once: return only when Nova reports it up again.
                var seen = await WaitUntilUpAsync(host).ConfigureAwait(false);
                if (seen is { Up: true, ForcedDown: false }) state.DownHosts.Remove(host);
                else problems.Add($"{host} was forced up but os-services still reports it {(seen is null ? "missing" : seen.Up ? "forced down" : "down")} after {UpTimeout.TotalSeconds:0} s");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"bringing {host} back failed: {e.Message}");
            }
        }
        return problems;
    }

    /// <summary>How long a host that was brought back may take to be reported up (Nova's service_down_time is 60 s).</summary>
    private static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan UpPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls os-services until <paramref name="host"/> is up and not forced down, or the deadline; returns the last state seen.</summary>
    private async Task<ComputeService?> WaitUntilUpAsync(string host) =>
        (await Poll.UntilAsync(async () => (await ListAsync().ConfigureAwait(false)).FirstOrDefault(s => s.Host == host),
            s => s is { Up: true, ForcedDown: false }, UpTimeout, PollSchedule.Every(UpPoll)).ConfigureAwait(false)).Last;

    private Task<NovaResponse> ForceDownAsync(string serviceId, bool down) =>
        clients[Role.Admin].SendJsonAsync(HttpMethod.Put, NovaUrls.Service(serviceId), NovaMicroversions.ServicesByUuid, new JsonObject { ["forced_down"] = down });
}
