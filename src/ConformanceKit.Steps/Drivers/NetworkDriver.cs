using System.Text.Json.Nodes;
using ConformanceKit.Client;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.Drivers;

/// <summary>
/// The scenario server's networking as the compute API shows it: its ports (os-interface), its addresses, its security
/// groups, and the floating IP the scenario leased from the run's pool.
/// </summary>
public sealed class NetworkDriver(KitSession session, ScenarioState state, ScenarioClients clients)
{
    /// <summary>GET /servers/{id} as the admin at the scenario's microversion (or the latest).</summary>
    public async Task<ServerView> ViewServerAsync()
    {
        var response = await clients[Role.Admin].GetServerAsync(state.RequireServer(), state.EffectiveMicroversion).ConfigureAwait(false);
        if (response.Status != 200) throw new ScenarioBrokenException($"Reading the server back answered {response}.");
        return ServerView.From(response.Json);
    }

    /// <summary>
    /// Reads the server until <paramref name="condition"/> holds (addresses come from Nova's network info cache, which
    /// may lag behind the API call); returns the last view, which the caller asserts on.
    /// </summary>
    public async Task<ServerView> WaitForAsync(Func<ServerView, bool> condition, string what) =>
        (await Poll.UntilAsync(ViewServerAsync, condition, session.Options.Wait.Timeout, session.Options.Wait.Schedule()).ConfigureAwait(false)).Last;

    /// <summary>The network of the server's first port, from GET /servers/{id}/os-interface.</summary>
    public async Task<string> NetworkOfServerAsync()
    {
        var response = await clients[Role.Owner].SendAsync(HttpMethod.Get, NovaUrls.ServerInterfaces(state.RequireServer()), null).ConfigureAwait(false);
        if (response.Status != 200)
            throw new ScenarioSkippedException($"The kit needs the server's network and asked GET os-interface, which answered {response}; name the network with --network.");
        return (response.Json?["interfaceAttachments"] as JsonArray)?.Select(p => p?["net_id"]?.ToString()).FirstOrDefault(n => n is not null)
            ?? throw new ScenarioBrokenException("The server has no port (os-interface lists none), so it has no network to take a fixed IP from.");
    }

    /// <summary>The server's first fixed address.</summary>
    public async Task<string> FixedAddressOfServerAsync() =>
        Addresses(await ViewServerAsync().ConfigureAwait(false)).FirstOrDefault(a => a.Type == "fixed").Address
        ?? throw new ScenarioBrokenException("The server has no fixed address in 'addresses'.");

    /// <summary>A floating IP leased to this scenario until its servers are deleted.</summary>
    public async Task<string> LeaseFloatingIpAsync()
    {
        if (state.LeasedFloatingIp is { } leased) return leased;
        var address = await session.Networking.LeaseFloatingIpAsync(CancellationToken.None).ConfigureAwait(false);
        state.LeasedFloatingIp = address;
        return address;
    }

    /// <summary>Releases the scenario's floating IP (after its servers are gone); returns a problem, or null.</summary>
    public async Task<string?> ReleaseFloatingIpAsync()
    {
        if (state.LeasedFloatingIp is not { } address) return null;
        state.LeasedFloatingIp = null;
        return await session.Networking.ReleaseAsync(address, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The run's security group, provisioned on first use.</summary>
    public async Task<string> SecurityGroupAsync()
    {
        if (state.Values[RequestValue.SecurityGroup] is { } known) return known;
        return state.Values[RequestValue.SecurityGroup] = await session.Networking.SecurityGroupAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Every address of the server: (network, address, "fixed" or "floating").</summary>
    public static IReadOnlyList<(string Network, string Address, string Type)> Addresses(ServerView view) =>
        (view.Raw["addresses"] as JsonObject ?? [])
            .SelectMany(n => (n.Value as JsonArray ?? []).Select(a => (n.Key, a?["addr"]?.ToString() ?? "", a?["OS-EXT-IPS:type"]?.ToString() ?? "")))
            .ToList();
}
