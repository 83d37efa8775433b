using System.Text.Json.Nodes;
using ConformanceKit.Core;

namespace ConformanceKit.Client.Provisioning;

/// <summary>A security group the kit created (its name carries the run id).</summary>
public sealed record KitSecurityGroup(string Id, string Name);

/// <summary>A floating IP the kit allocated. <see cref="Description"/> carries the run id where the API has one (Neutron).</summary>
public sealed record KitFloatingIp(string Id, string Address, string? Description);

/// <summary>The cloud cannot give the kit a resource; the message says what is missing and what to do.</summary>
public sealed class ProvisioningException(string message) : Exception(message);

/// <summary>
/// Creates, lists and deletes the security groups and floating IPs the kit needs, on any cloud: through Neutron when the
/// identity's service catalog has a <c>network</c> endpoint, else through the compute proxy APIs at 2.35
/// (<c>/os-security-groups</c>, <c>/os-floating-ips</c>, <c>/os-floating-ip-pools</c>; 404 from 2.36).
/// </summary>
/// <remarks>
/// Names and descriptions start with a prefix (the kit's <c>nck-</c> followed by the run id) so that a sweeper finds
/// what an interrupted run left: <see cref="ListSecurityGroupsAsync"/> and <see cref="ListFloatingIpsAsync"/> by prefix,
/// <see cref="SweepAsync"/> to delete them. Through the compute proxy a floating IP has no name or description, so
/// only Neutron lets a sweeper find leftover addresses by run id; the kit releases its addresses itself after each scenario.
/// </remarks>
public sealed class NetworkResources
{
    /// <summary>The last microversion of the compute proxy APIs.</summary>
    public static readonly Microversion LastProxyApis = new(2, 35);

    private readonly NovaClient _client;
    private readonly Uri? _neutron;

    private NetworkResources(NovaClient client, Uri? neutron)
    {
        _client = client;
        _neutron = neutron;
    }

    /// <summary>Resources of <paramref name="client"/>'s identity (its project), through Neutron when its catalog lists one.</summary>
    public static async Task<NetworkResources> ForAsync(NovaClient client, CancellationToken ct = default)
    {
        var session = await client.GetSessionAsync(ct).ConfigureAwait(false);
        return new NetworkResources(client, session.NetworkEndpoint is { } n ? NeutronBase(n) : null);
    }

    /// <summary>Which API is used, for messages and reports.</summary>
    public string Api => _neutron is null ? $"the compute proxy API at {LastProxyApis}" : $"Neutron at {_neutron}";

    public bool UsesNeutron => _neutron is not null;

    /// <summary>Neutron's catalog URL may or may not end in its version; the API is under /v2.0.</summary>
    internal static Uri NeutronBase(Uri endpoint)
    {
        var s = endpoint.ToString().TrimEnd('/');
        return new Uri((s.EndsWith("/v2.0", StringComparison.Ordinal) ? s : s + "/v2.0") + "/");
    }

    private Task<NovaResponse> Neutron(HttpMethod method, string path, JsonNode? body, CancellationToken ct) =>
        _client.SendToServiceAsync(method, new Uri(_neutron!, path), body, ct);

    private Task<NovaResponse> Proxy(HttpMethod method, string path, JsonNode? body, CancellationToken ct) =>
        body is null
            ? _client.SendAsync(method, path, LastProxyApis, ct: ct)
            : _client.SendJsonAsync(method, path, LastProxyApis, body, ct);

    // ------------------------------------------------------------------ security groups

    public async Task<KitSecurityGroup> CreateSecurityGroupAsync(string name, string description, CancellationToken ct = default)
    {
        var group = new JsonObject { ["name"] = name, ["description"] = description };
        var response = _neutron is null
            ? await Proxy(HttpMethod.Post, NovaUrls.SecurityGroups, new JsonObject { ["security_group"] = group }, ct).ConfigureAwait(false)
            : await Neutron(HttpMethod.Post, "security-groups", new JsonObject { ["security_group"] = group }, ct).ConfigureAwait(false);
        var id = response.Json?["security_group"]?["id"]?.ToString();
        if (response.Status is not (200 or 201) || id is null)
            throw new ProvisioningException($"Creating security group {name} through {Api} answered {response}; give the owner's project room for one more security group, or name an existing group with --security-group.");
        return new KitSecurityGroup(id, name);
    }

    /// <summary>Deletes a security group; one that is gone already is fine. Returns a problem, or null.</summary>
    public async Task<string?> DeleteSecurityGroupAsync(KitSecurityGroup group, CancellationToken ct = default)
    {
        var response = _neutron is null
            ? await Proxy(HttpMethod.Delete, NovaUrls.SecurityGroup(group.Id), null, ct).ConfigureAwait(false)
            : await Neutron(HttpMethod.Delete, $"security-groups/{Uri.EscapeDataString(group.Id)}", null, ct).ConfigureAwait(false);
        return response.Status is 202 or 204 or 404 ? null : $"security group {group.Name} ({group.Id}) was not deleted: {response}";
    }

    /// <summary>The security groups this identity sees whose name starts with <paramref name="namePrefix"/> (every project's for an admin).</summary>
    public async Task<IReadOnlyList<KitSecurityGroup>> ListSecurityGroupsAsync(string namePrefix, CancellationToken ct = default)
    {
        var response = _neutron is null
            ? await Proxy(HttpMethod.Get, NovaUrls.SecurityGroups + "?all_tenants=1", null, ct).ConfigureAwait(false)
            : await Neutron(HttpMethod.Get, "security-groups", null, ct).ConfigureAwait(false);
        if (response.Status != 200)
            throw new ProvisioningException($"Listing security groups through {Api} answered {response}.");
        // Both APIs call the list "security_groups".
        return (response.Json?["security_groups"] as JsonArray ?? [])
            .Select(g => new KitSecurityGroup(g?["id"]?.ToString() ?? "", g?["name"]?.ToString() ?? ""))
            .Where(g => g.Id.Length > 0 && g.Name.StartsWith(namePrefix, StringComparison.Ordinal))
            .ToList();
    }

    // ------------------------------------------------------------------ floating IPs

    /// <summary>
    /// Allocates a floating IP from an external network (Neutron: the first network with router:external; proxy: the
    /// first pool of /os-floating-ip-pools). <paramref name="description"/> is recorded where the API has one.
    /// </summary>
    public async Task<KitFloatingIp> AllocateFloatingIpAsync(string description, CancellationToken ct = default)
    {
        if (_neutron is null)
        {
            var pools = await Proxy(HttpMethod.Get, NovaUrls.FloatingIpPools, null, ct).ConfigureAwait(false);
            if (pools.Status != 200)
                throw new ProvisioningException($"GET /os-floating-ip-pools at {LastProxyApis} answered {pools}, so the kit cannot allocate a floating IP; name one with --floating-ip.");
            var pool = (pools.Json?["floating_ip_pools"] as JsonArray ?? []).Select(p => p?["name"]?.ToString()).FirstOrDefault(n => !string.IsNullOrEmpty(n))
                ?? throw new ProvisioningException("The cloud has no floating IP pool (GET /os-floating-ip-pools lists none, i.e. no external network); create one or name an address with --floating-ip.");
            var response = await Proxy(HttpMethod.Post, NovaUrls.FloatingIps, new JsonObject { ["pool"] = pool }, ct).ConfigureAwait(false);
            var fip = response.Json?["floating_ip"];
            if (response.Status != 200 || fip?["id"] is null || fip["ip"] is null)
                throw new ProvisioningException($"Allocating a floating IP from pool {pool} (POST /os-floating-ips at {LastProxyApis}) answered {response}; raise the owner's floating IP quota or name an address with --floating-ip.");
            return new KitFloatingIp(fip["id"]!.ToString(), fip["ip"]!.ToString(), null);
        }
        var networks = await Neutron(HttpMethod.Get, "networks?router%3Aexternal=true", null, ct).ConfigureAwait(false);
        if (networks.Status != 200)
            throw new ProvisioningException($"Listing external networks through {Api} answered {networks}; name a floating IP with --floating-ip.");
        var network = (networks.Json?["networks"] as JsonArray ?? []).Select(n => n?["id"]?.ToString()).FirstOrDefault(n => !string.IsNullOrEmpty(n))
            ?? throw new ProvisioningException($"The cloud has no external network (router:external) in {Api}, so no floating IP can be allocated; create one or name an address with --floating-ip.");
        var created = await Neutron(HttpMethod.Post, "floatingips",
            new JsonObject { ["floatingip"] = new JsonObject { ["floating_network_id"] = network, ["description"] = description } }, ct).ConfigureAwait(false);
        var f = created.Json?["floatingip"];
        if (created.Status is not (200 or 201) || f?["id"] is null || f["floating_ip_address"] is null)
            throw new ProvisioningException($"Allocating a floating IP on external network {network} through {Api} answered {created}; raise the owner's floating IP quota or name an address with --floating-ip.");
        return new KitFloatingIp(f["id"]!.ToString(), f["floating_ip_address"]!.ToString(), description);
    }

    /// <summary>Releases a floating IP (deleting it disassociates it first); gone already is fine. Returns a problem, or null.</summary>
    public async Task<string?> ReleaseFloatingIpAsync(KitFloatingIp address, CancellationToken ct = default)
    {
        var response = _neutron is null
            ? await Proxy(HttpMethod.Delete, NovaUrls.FloatingIp(address.Id), null, ct).ConfigureAwait(false)
            : await Neutron(HttpMethod.Delete, $"floatingips/{Uri.EscapeDataString(address.Id)}", null, ct).ConfigureAwait(false);
        return response.Status is 202 or 204 or 404 ? null : $"floating IP {address.Address} ({address.Id}) was not released: {response}";
    }

    /// <summary>
    /// The floating IPs whose description starts with <paramref name="descriptionPrefix"/> (Neutron only; through the
    /// compute proxy an address carries no description, so the list is empty).
    /// </summary>
    public async Task<IReadOnlyList<KitFloatingIp>> ListFloatingIpsAsync(string descriptionPrefix, CancellationToken ct = default)
    {
        if (_neutron is null) return [];
        var response = await Neutron(HttpMethod.Get, "floatingips", null, ct).ConfigureAwait(false);
        if (response.Status != 200)
            throw new ProvisioningException($"Listing floating IPs through {Api} answered {response}.");
        return (response.Json?["floatingips"] as JsonArray ?? [])
            .Select(f => new KitFloatingIp(f?["id"]?.ToString() ?? "", f?["floating_ip_address"]?.ToString() ?? "", f?["description"]?.ToString()))
            .Where(f => f.Id.Length > 0 && f.Description?.StartsWith(descriptionPrefix, StringComparison.Ordinal) == true)
            .ToList();
    }

    /// <summary>
    /// Deletes every security group and floating IP whose name or description starts with <paramref name="prefix"/>
    /// (<c>nck-</c>, or <c>nck-RUNID</c>): for a sweeper. Returns how many were found and what could not be deleted.
    /// </summary>
    public async Task<(int SecurityGroups, int FloatingIps, IReadOnlyList<string> Problems)> SweepAsync(string prefix, CancellationToken ct = default)
    {
        var problems = new List<string>();
        var addresses = await ListFloatingIpsAsync(prefix, ct).ConfigureAwait(false);
        foreach (var a in addresses)
            if (await ReleaseFloatingIpAsync(a, ct).ConfigureAwait(false) is { } p) problems.Add(p);
        var groups = await ListSecurityGroupsAsync(prefix, ct).ConfigureAwait(false);
        foreach (var g in groups)
            if (await DeleteSecurityGroupAsync(g, ct).ConfigureAwait(false) is { } p) problems.Add(p);
        return (groups.Count, addresses.Count, problems);
    }
}
