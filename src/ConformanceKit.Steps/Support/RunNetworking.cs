using System.Collections.Concurrent;
using ConformanceKit.Client;
using ConformanceKit.Client.Provisioning;
using ConformanceKit.Gherkin;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// The security group and floating IPs a run uses, provisioned by the kit on the cloud it certifies and removed
/// afterwards (<see cref="NetworkResources"/>: Neutron from the catalog, or the compute proxy APIs at 2.35).
/// <list type="bullet">
/// <item>Security group: one per run, <c>nck-RUNID-sg-…</c>, created in the owner's project on first use and deleted at the
/// end of the run; <c>--security-group NAME</c> uses an existing group instead.</item>
/// <item>Floating IP: one per scenario that needs it, allocated from an external network when the scenario asks and
/// released once its servers are gone. <c>--floating-ip ADDR</c> uses one existing address instead, leased to one
/// scenario at a time so that scenarios running in parallel never move it between each other's servers.</item>
/// </list>
/// When the cloud cannot give a resource, the scenarios that need it are skipped with the reason.
/// </summary>
public sealed class RunNetworking(KitSession session)
{
    /// <summary>How long a scenario waits for another to give the configured address back.</summary>
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly SemaphoreSlim _configuredAddress = new(1, 1);
    private readonly ConcurrentDictionary<string, KitFloatingIp> _allocated = new(StringComparer.Ordinal);
    private NetworkResources? _resources;
    private KitSecurityGroup? _group;
    private string? _groupUnavailable;

    /// <summary>Security groups the run created and has not deleted yet.</summary>
    public KitSecurityGroup? CreatedSecurityGroup => _group;

    /// <summary>Floating IPs the run allocated and has not released yet.</summary>
    public IReadOnlyCollection<KitFloatingIp> AllocatedFloatingIps => _allocated.Values.ToList();

    private async Task<NetworkResources> ResourcesAsync(CancellationToken ct) =>
        _resources ??= await NetworkResources.ForAsync(session[Role.Owner].Client, ct).ConfigureAwait(false);

    /// <summary>The name of the run's security group (the configured one, or one the kit creates now).</summary>
    public async Task<string> SecurityGroupAsync(CancellationToken ct)
    {
        if (session.Options.SecurityGroup is { } configured) return configured;
        await _setup.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_group is null && _groupUnavailable is null)
            {
                var resources = await ResourcesAsync(ct).ConfigureAwait(false);
                try
                {
                    _group = await resources.CreateSecurityGroupAsync(session.NewName("sg"),
                        $"Created by the Nova conformance kit, run {session.RunId}; deleted at the end of the run.", ct).ConfigureAwait(false);
                }
                catch (ProvisioningException e) { _groupUnavailable = e.Message; }
            }
            return _group?.Name ?? throw new ScenarioSkippedException(_groupUnavailable!);
        }
        finally { _setup.Release(); }
    }

    /// <summary>A floating IP for one scenario: the configured address (leased) or one allocated for it.</summary>
    public async Task<string> LeaseFloatingIpAsync(CancellationToken ct)
    {
        if (session.Options.FloatingIp is { } configured)
        {
            if (!await _configuredAddress.WaitAsync(LeaseTimeout, ct).ConfigureAwait(false))
                throw new ScenarioBrokenException($"Floating IP {configured} (--floating-ip) was not given back within {LeaseTimeout.TotalSeconds:0} s; another scenario kept it.");
            return configured;
        }
        var resources = await ResourcesAsync(ct).ConfigureAwait(false);
        KitFloatingIp address;
        try
        {
            address = await resources.AllocateFloatingIpAsync(
                $"{KitOptions.NamePrefix}{session.RunId}: allocated by the Nova conformance kit for one scenario", ct).ConfigureAwait(false);
        }
        catch (ProvisioningException e) { throw new ScenarioSkippedException(e.Message); }
        _allocated[address.Address] = address;
        return address.Address;
    }

    /// <summary>Gives a scenario's address back once its servers are gone: releases an allocated one. Returns a problem, or null.</summary>
    public async Task<string?> ReleaseAsync(string address, CancellationToken ct)
    {
        if (session.Options.FloatingIp == address)
        {
            _configuredAddress.Release();
            return null;
        }
        if (!_allocated.TryGetValue(address, out var allocated)) return null;
        var problem = await (await ResourcesAsync(ct).ConfigureAwait(false)).ReleaseFloatingIpAsync(allocated, ct).ConfigureAwait(false);
        if (problem is null) _allocated.TryRemove(address, out _);
        return problem;
    }

    /// <summary>At the end of the run (after every server is gone): releases what is left and deletes the security group.</summary>
    public async Task<IReadOnlyList<string>> DeleteAllAsync(CancellationToken ct)
    {
        var problems = new List<string>();
        if (_resources is null) return problems;
        foreach (var address in _allocated.Values.ToList())
        {
            if (await _resources.ReleaseFloatingIpAsync(address, ct).ConfigureAwait(false) is { } p) problems.Add(p);
            else _allocated.TryRemove(address.Address, out _);
        }
        if (_group is { } group)
        {
            if (await _resources.DeleteSecurityGroupAsync(group, ct).ConfigureAwait(false) is { } p) problems.Add(p);
            else _group = null;
        }
        return problems;
    }
}
