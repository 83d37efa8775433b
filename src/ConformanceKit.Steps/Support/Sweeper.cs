using System.Globalization;
using System.Text.Json.Nodes;
using ConformanceKit.Client;

namespace ConformanceKit.Steps.Support;

/// <summary>What a sweep looks for.</summary>
/// <param name="RunId">Only this run's resources (validated by <see cref="KitNames.IsRunId"/>); null: every run that is over.</param>
/// <param name="Force">Without a run id, sweep runs that still look live as well.</param>
/// <param name="DryRun">List what would be deleted; delete nothing.</param>
public sealed record SweepRequest(string? RunId, bool Force = false, bool DryRun = false)
{
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>One thing a kit's run left: a server, an image, a security group or a floating IP.</summary>
public sealed record SweepItem(string Kind, string Id, string Name, string RunId)
{
    public override string ToString() => $"{Kind} {Name} ({Id})";
}

/// <summary>What a sweep found, deleted, could not delete, and left alone.</summary>
public sealed record SweepReport(
    IReadOnlyList<SweepItem> Selected,
    IReadOnlyList<SweepItem> Deleted,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> LiveRunsLeft,
    IReadOnlyList<string> Notes);

/// <summary>
/// Deletes what runs of the kit left behind, and nothing else. Every candidate's name is checked by the kit itself against
/// <see cref="KitNames"/>' exact pattern (Nova's name filter is only a first, regex-based narrowing); floating IPs are
/// recognised by the "nck-&lt;run id&gt;" their description carries. Without a run id, a run is left alone while it looks live: its
/// servers carry a heartbeat (<see cref="KitNames.HeartbeatKey"/>, refreshed every minute while it runs; a server without
/// one counts by its "updated" time) and a run whose newest heartbeat is younger than <see cref="KitNames.LiveFor"/> is
/// live, unless forced. A live run's images, groups and addresses are left alone too; those of a run with no server left
/// have no heartbeat and are swept.
/// Servers first (they hold addresses and groups), then images, floating IPs and security groups.
/// </summary>
public sealed class Sweeper(KitSession session)
{
    public async Task<SweepReport> SweepAsync(SweepRequest request, CancellationToken ct)
    {
        if (request.RunId is not null && !KitNames.IsRunId(request.RunId))
            throw new ArgumentException($"'{request.RunId}' is not a run id of the kit (14 digits of UTC time and 4 hex digits, e.g. 20261203103512ab4f).");
        var admin = session.Find(Role.Admin) ?? session.Find(Role.Owner)!;
        var client = admin.Client;
        var allProjects = admin.Role == Role.Admin;
        var notes = new List<string>();
        bool Wanted(string? run) => run is not null && (request.RunId is null || run == request.RunId);

        // Servers, with their heartbeat.
        var servers = new List<(SweepItem Item, DateTimeOffset? Beat)>();
        foreach (var s in await client.ListServerDetailsAsync("^" + KitOptions.NamePrefix + (request.RunId ?? ""), allProjects, ct).ConfigureAwait(false))
        {
            var name = s["name"]?.ToString();
            var run = KitNames.RunIdOf(name);
            if (!Wanted(run) || s["id"]?.ToString() is not { } id) continue;
            servers.Add((new SweepItem("server", id, name!, run!), Heartbeat(s)));
        }
        var live = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (request.RunId is null && !request.Force)
            foreach (var g in servers.Where(s => s.Beat is not null).GroupBy(s => s.Item.RunId))
            {
                var newest = g.Max(s => s.Beat!.Value);
                if (request.Now - newest < KitNames.LiveFor) live[g.Key] = newest;
            }
        bool Over(string run) => !live.ContainsKey(run);

        var selected = servers.Select(s => s.Item).Where(i => Over(i.RunId)).ToList();
        selected.AddRange((await ImagesAsync(client, notes, ct).ConfigureAwait(false)).Where(i => Wanted(i.RunId) && Over(i.RunId)));
        var network = (await client.GetSessionAsync(ct).ConfigureAwait(false)).NetworkEndpoint;
        selected.AddRange((await FloatingIpsAsync(client, network, notes, ct).ConfigureAwait(false)).Where(i => Wanted(i.RunId) && Over(i.RunId)));
        selected.AddRange((await SecurityGroupsAsync(client, network, allProjects, notes, ct).ConfigureAwait(false)).Where(i => Wanted(i.RunId) && Over(i.RunId)));

        var liveLines = live.Select(l =>
            $"run {l.Key} looks live (heartbeat {(request.Now - l.Value).TotalSeconds:0} s ago); its resources were left alone. " +
            $"It counts as over {KitNames.LiveFor.TotalMinutes:0} min after its last heartbeat; or name it with --run-id {l.Key}, or add --force.").ToList();
        if (request.DryRun) return new SweepReport(selected, [], [], liveLines, notes);

        var deleted = new List<SweepItem>();
        var problems = new List<string>();
        foreach (var s in selected.Where(i => i.Kind == "server")) session.Tracker.Add(s.Id, s.Name);
        var serverProblems = await session.Tracker.DeleteAsync(selected.Where(i => i.Kind == "server").Select(i => i.Id), ct).ConfigureAwait(false);
        problems.AddRange(serverProblems);
        deleted.AddRange(selected.Where(i => i.Kind == "server" && !session.Tracker.Servers.Contains(i.Id)));
        foreach (var item in selected.Where(i => i.Kind != "server"))
        {
            var response = item.Kind switch
            {
                "image" => await client.SendAsync(HttpMethod.Delete, NovaUrls.Image(item.Id), NovaMicroversions.LastProxyApis, ct: ct).ConfigureAwait(false),
                "floating IP" => await client.SendToServiceAsync(HttpMethod.Delete, Neutron(network!, $"floatingips/{item.Id}"), ct).ConfigureAwait(false),
                _ when network is not null => await client.SendToServiceAsync(HttpMethod.Delete, Neutron(network, $"security-groups/{item.Id}"), ct).ConfigureAwait(false),
                _ => await client.SendAsync(HttpMethod.Delete, $"os-security-groups/{Uri.EscapeDataString(item.Id)}", NovaMicroversions.LastProxyApis, ct: ct).ConfigureAwait(false),
            };
            if (response.Status is 202 or 204 or 404) deleted.Add(item);
            else problems.Add($"{item} was not deleted: DELETE answered {response}");
        }
        return new SweepReport(selected, deleted, problems, liveLines, notes);
    }

    private static DateTimeOffset? Heartbeat(JsonObject server)
    {
        DateTimeOffset? beat = null;
        if (server["metadata"]?[KitNames.HeartbeatKey]?.ToString() is { } s && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
            beat = DateTimeOffset.FromUnixTimeSeconds(unix);
        // A server of the kit without a heartbeat (made by an older kit): when it last changed is the best sign of life.
        else if (DateTimeOffset.TryParse(server["updated"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
            beat = updated;
        return beat;
    }

    private static Uri Neutron(Uri network, string path) =>
        new(network.ToString().TrimEnd('/') + (network.AbsolutePath.TrimEnd('/').EndsWith("/v2.0", StringComparison.Ordinal) ? "/" : "/v2.0/") + path);

    /// <summary>Snapshots and backups, through the compute proxy API (GET /images at 2.35: every Nova has it).</summary>
    private static async Task<IReadOnlyList<SweepItem>> ImagesAsync(NovaClient client, List<string> notes, CancellationToken ct)
    {
        var response = await client.SendAsync(HttpMethod.Get, NovaUrls.Images, NovaMicroversions.LastProxyApis, ct: ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            notes.Add($"images were not looked at: GET /images at {NovaMicroversions.LastProxyApis} answered {response}.");
            return [];
        }
        return Items(response.Json?["images"], "image", i => KitNames.RunIdOf(i["name"]?.ToString()));
    }

    /// <summary>Floating IPs carry the run in their description, which only Neutron shows (Nova's os-floating-ips proxy has none).</summary>
    private static async Task<IReadOnlyList<SweepItem>> FloatingIpsAsync(NovaClient client, Uri? network, List<string> notes, CancellationToken ct)
    {
        if (network is null)
        {
            notes.Add("floating IPs were not looked at: the cloud's catalog has no network service, and Nova's os-floating-ips proxy shows no description to tell the kit's from others.");
            return [];
        }
        var response = await client.SendToServiceAsync(HttpMethod.Get, Neutron(network, "floatingips"), ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            notes.Add($"floating IPs were not looked at: GET floatingips answered {response}.");
            return [];
        }
        return Items(response.Json?["floatingips"], "floating IP", f => KitNames.RunIdMentioned(f["description"]?.ToString()),
            f => f["floating_ip_address"]?.ToString());
    }

    /// <summary>Security groups named nck-&lt;run id&gt;-…: through Neutron when the catalog has it, else the compute proxy at 2.35.</summary>
    private static async Task<IReadOnlyList<SweepItem>> SecurityGroupsAsync(NovaClient client, Uri? network, bool allProjects, List<string> notes, CancellationToken ct)
    {
        var response = network is not null
            ? await client.SendToServiceAsync(HttpMethod.Get, Neutron(network, "security-groups"), ct).ConfigureAwait(false)
            : await client.SendAsync(HttpMethod.Get, "os-security-groups" + (allProjects ? "?all_tenants=1" : ""), NovaMicroversions.LastProxyApis, ct: ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            notes.Add($"security groups were not looked at: listing them answered {response}.");
            return [];
        }
        return Items(response.Json?["security_groups"], "security group", g => KitNames.RunIdOf(g["name"]?.ToString()));
    }

    private static List<SweepItem> Items(JsonNode? list, string kind, Func<JsonNode, string?> runOf, Func<JsonNode, string?>? nameOf = null) =>
        (list as JsonArray ?? [])
            .Where(n => n?["id"] is not null)
            .Select(n => (Node: n!, Run: runOf(n!)))
            .Where(x => x.Run is not null)
            .Select(x => new SweepItem(kind, x.Node["id"]!.ToString(), (nameOf ?? (n => n["name"]?.ToString()))(x.Node) ?? "", x.Run!))
            .ToList();
}
