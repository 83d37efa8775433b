using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConformanceKit.Client;
using ConformanceKit.Gherkin;
using Reqnroll;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// The floating IPs a run may associate with its servers, leased to one scenario at a time so that scenarios running
/// in parallel never move an address between each other's servers. The addresses are the one named with
/// --floating-ip, or else those the owner's project sees unassociated in GET /os-floating-ips (up to 2.35).
/// </summary>
public sealed class FloatingIpPool(KitOptions options)
{
    /// <summary>How long a scenario waits for another to give an address back.</summary>
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _discovery = new(1, 1);
    private readonly ConcurrentQueue<string> _free = new();
    private SemaphoreSlim? _available;
    private string? _unavailable;

    /// <summary>Takes a free address (discovering the pool on first use); skips the scenario when the cloud offers none.</summary>
    public async Task<string> LeaseAsync(NovaClient owner, CancellationToken ct)
    {
        var available = await DiscoverAsync(owner, ct).ConfigureAwait(false);
        if (!await available.WaitAsync(LeaseTimeout, ct).ConfigureAwait(false))
            throw new ScenarioBrokenException($"No floating IP was given back within {LeaseTimeout.TotalSeconds:0} s; every address of the pool stayed leased.");
        return _free.TryDequeue(out var address)
            ? address
            : throw new InvalidOperationException("The floating IP pool's count and queue disagree.");
    }

    /// <summary>Gives an address back once the scenario's servers are gone (deleting a server frees its floating IP).</summary>
    public void Release(string address)
    {
        _free.Enqueue(address);
        _available?.Release();
    }

    private async Task<SemaphoreSlim> DiscoverAsync(NovaClient owner, CancellationToken ct)
    {
        await _discovery.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_available is null && _unavailable is null)
            {
                var addresses = options.FloatingIp is { } configured ? [configured] : await FreeAddressesAsync(owner, ct).ConfigureAwait(false);
                if (addresses.Count == 0)
                    _unavailable ??= "The owner's project has no unassociated floating IP in GET /os-floating-ips; allocate one or name one with --floating-ip.";
                else
                {
                    foreach (var a in addresses) _free.Enqueue(a);
                    _available = new SemaphoreSlim(addresses.Count);
                }
            }
            return _available ?? throw new ScenarioSkippedException(_unavailable!);
        }
        finally { _discovery.Release(); }
    }

    private async Task<IReadOnlyList<string>> FreeAddressesAsync(NovaClient owner, CancellationToken ct)
    {
        var response = await owner.SendAsync(HttpMethod.Get, NovaUrls.FloatingIps, NovaMicroversions.LastProxyApis, ct: ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            _unavailable = $"GET /os-floating-ips at {NovaMicroversions.LastProxyApis} answered {response}, so the kit cannot find a floating IP; name one with --floating-ip.";
            return [];
        }
        return (response.Json?["floating_ips"] as JsonArray ?? [])
            .Where(f => f?["instance_id"] is null && f?["ip"] is not null)
            .Select(f => f!["ip"]!.ToString())
            .ToList();
    }
}
