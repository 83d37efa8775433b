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
/// Taking a host down is only done when the endpoint's host also serves a control route (the simulator's and the
/// reference Nova's <c>/_control</c>) that can restart a compute service: after an evacuation Nova refuses to force the
/// source host up until its nova-compute has restarted and cleaned up. A production cloud offers no such route, and
/// the kit never forces one of its hosts down.
/// </remarks>
public sealed class ComputeHostDriver(ScenarioState state, ScenarioClients clients)
{
    private const string ControlHealth = "_control/health";
    private static string ControlRestart(string host) => $"_control/computes/{Uri.EscapeDataString(host)}/restart";

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
    public async Task<string> OtherThanAsync(string? host)
    {
        var services = await ListAsync().ConfigureAwait(false);
        return services.FirstOrDefault(s => s.Up && s.Enabled && s.Host != host)?.Host
            ?? throw new ScenarioSkippedException($"Moving a server needs a second compute host that is up and enabled; this endpoint has {string.Join(", ", services.Select(s => $"{s.Host} ({(s.Up ? "up" : "down")}, {(s.Enabled ? "enabled" : "disabled")})"))}.");
    }

    /// <summary>Forces <paramref name="host"/>'s nova-compute down; it is brought back after the scenario.</summary>
    public async Task TakeDownAsync(string host)
    {
        var admin = clients[Role.Admin];
        var probe = await admin.SendToHostRootAsync(HttpMethod.Get, ControlHealth).ConfigureAwait(false);
        if (probe.Status != 200)
            throw new ScenarioSkippedException(
                $"Evacuating needs a compute host that is down and that the kit can restart afterwards; this endpoint's host offers no control route (GET /{ControlHealth} answered HTTP {probe.Status}), so the kit does not force any of its hosts down.");
        var service = (await ListAsync().ConfigureAwait(false)).FirstOrDefault(s => s.Host == host)
            ?? throw new ScenarioBrokenException($"The server's host {host} has no nova-compute service in os-services.");
        state.DownHosts.Add(host);
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
                var restart = await clients[Role.Admin].SendToHostRootAsync(HttpMethod.Post, ControlRestart(host)).ConfigureAwait(false);
                if (restart.Status is not (200 or 204)) problems.Add($"restarting {host} answered {restart}");
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
    private async Task<ComputeService?> WaitUntilUpAsync(string host)
    {
        var deadline = DateTimeOffset.UtcNow + UpTimeout;
        while (true)
        {
            var service = (await ListAsync().ConfigureAwait(false)).FirstOrDefault(s => s.Host == host);
            if (service is { Up: true, ForcedDown: false } || DateTimeOffset.UtcNow >= deadline) return service;
            await Task.Delay(UpPoll).ConfigureAwait(false);
        }
    }

    private Task<NovaResponse> ForceDownAsync(string serviceId, bool down) =>
        clients[Role.Admin].SendJsonAsync(HttpMethod.Put, NovaUrls.Service(serviceId), NovaMicroversions.ServicesByUuid, new JsonObject { ["forced_down"] = down });
}
