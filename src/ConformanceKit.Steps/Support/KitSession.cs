using ConformanceKit.Client;
using ConformanceKit.Client.Auth;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Client.Http;
using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using Reqnroll;

namespace ConformanceKit.Steps.Support;

/// <summary>The identities the kit acts as.</summary>
public enum Role
{
    /// <summary>A member of the project that owns the kit's servers.</summary>
    Owner,
    /// <summary>A cloud administrator.</summary>
    Admin,
    /// <summary>A member of another project.</summary>
    OtherProject,
    /// <summary>A user with only the reader role in the owner's project (Nova's new policy defaults: reads, no actions).</summary>
    Reader,
}

/// <summary>One identity: its configuration, its authenticator and a client that records nothing per scenario.</summary>
public sealed record Identity(Role Role, CloudConfig Config, IAuthenticator Auth, NovaClient Client)
{
    /// <summary>A client of this identity whose exchanges also go to <paramref name="sink"/>.</summary>
    public NovaClient ClientRecordingTo(NovaHttp http, IExchangeSink sink) => new(Auth, http.WithSink(sink));
}

/// <summary>Settings of a run that the endpoint cannot tell the kit.</summary>
public sealed record KitOptions
{
    /// <summary>The microversions the kit knows (2.1 to today's 2.104).</summary>
    public static readonly MicroversionRange KnownRange = new(Microversion.Minimum, NovaMicroversions.Newest);

    public string? FlavorRef { get; init; }
    public string? OtherFlavorRef { get; init; }
    public string? ImageRef { get; init; }
    public string? NetworkId { get; init; }
    /// <summary>An existing security group to use (--security-group); null: the kit creates one for the run and deletes it.</summary>
    public string? SecurityGroup { get; init; }
    /// <summary>An existing floating IP to use (--floating-ip); null: the kit allocates one per scenario and releases it.</summary>
    public string? FloatingIp { get; init; }
    public WaitOptions Wait { get; init; } = WaitOptions.Default;
    /// <summary>How the operator stops and starts a compute host (--host-control); null: evacuate's positive scenarios are skipped.</summary>
    public IHostControl? HostControl { get; init; }
    /// <summary>An undocumented extra field in a response is a warning rather than a violation (vendor extensions).</summary>
    public bool TolerateExtensions { get; init; }
    /// <summary>Prefix of every resource name, followed by the run id: a sweeper finds leftovers by it.</summary>
    public const string NamePrefix = "nck-";
}

/// <summary>
/// Everything a run shares: the identities and their clients, the endpoint's microversion range, the run id,
/// the resources created so far and the catalogue. One per run; scenarios receive it by injection.
/// </summary>
public sealed class KitSession : IAsyncDisposable
{
    private readonly Dictionary<Role, Identity> _identities;

    public string RunId { get; }
    public string TargetName { get; }
    public ActionCatalogue Catalogue { get; }
    public KitOptions Options { get; }
    public ApiVersion Api { get; }
    public NovaHttp Http { get; }
    public ResourceTracker Tracker { get; }
    /// <summary>The security group and floating IPs the run provisions (or was given) and removes afterwards.</summary>
    public RunNetworking Networking { get; }
    public HostMoveGate HostMoves { get; } = new();
    /// <summary>The member's quota: a capacity the run waits for, not a failure.</summary>
    public QuotaGate Quota { get; }
    /// <summary>Shares the waiters' polls: many servers waited for at once are read with one list call.</summary>
    public ServerPoller Poller { get; }
    /// <summary>Fresh ACTIVE servers of the member, created ahead in batches (off unless <see cref="ServerPool.Target"/> is set).</summary>
    public ServerPool Pool { get; }
    /// <summary>Servers refusal scenarios left as they received them, for the next scenario that needs that status.</summary>
    public ServerShelf Shelf { get; }
    /// <summary>The kit's time and Nova's own time (instance-action events) of every scenario of the run.</summary>
    public TimeBudget Budget { get; } = new();
    /// <summary>Watches every exchange for an endpoint that stopped answering (started by <see cref="WatchForOutage"/>).</summary>
    public OutageMonitor? Outage { get; private set; }
    public string FlavorRef { get; }
    public string? OtherFlavorRef { get; }
    public string ImageRef { get; }

    /// <summary>The schemas every exchange is validated against.</summary>
    public ContractValidator Contracts { get; }

    /// <summary>The microversions both the endpoint and the kit know.</summary>
    public MicroversionRange Usable { get; }

    public Microversion Latest => Usable.Max!.Value;

    private KitSession(string runId, string targetName, ActionCatalogue catalogue, KitOptions options, ApiVersion api, NovaHttp http,
        Dictionary<Role, Identity> identities, string flavor, string? otherFlavor, string image)
    {
        RunId = runId;
        TargetName = targetName;
        Catalogue = catalogue;
        // Every waiter of the run learns from the waits before it (SettleHistory): one history per session.
        Options = options.Wait.History is null ? options with { Wait = options.Wait with { History = new SettleHistory() } } : options;
        Api = api;
        Http = http;
        _identities = identities;
        FlavorRef = flavor;
        OtherFlavorRef = otherFlavor;
        ImageRef = image;
        Contracts = ContractValidator.Create(new ContractOptions { TolerateExtensions = options.TolerateExtensions });
        Usable = api.Range.Intersect(KitOptions.KnownRange)
            ?? throw new ConfigurationException($"The endpoint's microversions {api.Range} do not overlap the kit's {KitOptions.KnownRange}.");
        Tracker = new ResourceTracker(this);
        Quota = new QuotaGate(this);
        Networking = new RunNetworking(this);
        Pool = new ServerPool(this);
        Shelf = new ServerShelf(this);
        var lister = Find(Role.Admin) ?? Find(Role.Owner)!;
        Poller = new ServerPoller(lister.Client, $"{KitOptions.NamePrefix}{RunId}-", allProjects: lister.Role == Role.Admin);
    }

    public Identity? Find(Role role) => _identities.GetValueOrDefault(role);

    public Identity this[Role role] => Find(role)
        ?? throw new Gherkin.ScenarioSkippedException(role == Role.Reader
            ? $"No reader identity is configured for {TargetName}: give a user with only the reader role in the owner's project with --reader-cloud NAME (noauth2: --reader-token USER:PROJECT) to run this scenario."
            : $"No {role} identity is configured for {TargetName}; give one to run this scenario.");

    /// <summary>A new resource name carrying the run id.</summary>
    public string NewName(string purpose) => KitNames.NewName(RunId, purpose);

    public static string NewRunId() => KitNames.NewRunId();

    /// <summary>
    /// Authenticates every identity, discovers the endpoint's microversions and picks flavors and an image.
    /// Errors say what was wrong and what to do.
    /// </summary>
    public static async Task<KitSession> ConnectAsync(string targetName, IReadOnlyDictionary<Role, CloudConfig> configs, KitOptions options,
        SecretMasker masker, string? runId = null, ActionCatalogue? catalogue = null, CancellationToken ct = default)
    {
        if (!configs.TryGetValue(Role.Admin, out var adminConfig) && !configs.TryGetValue(Role.Owner, out adminConfig))
            throw new ConfigurationException("No identity is configured: give an admin cloud (--cloud) or OS_* variables.");
        var http = new NovaHttp(adminConfig, masker);
        var identities = new Dictionary<Role, Identity>();
        foreach (var (role, config) in configs)
        {
            var auth = Authenticator.For(config, http);
            identities[role] = new Identity(role, config, auth, new NovaClient(auth, http));
        }
        var probe = (identities.GetValueOrDefault(Role.Owner) ?? identities[Role.Admin]).Client;
        var api = await probe.DiscoverAsync(ct).ConfigureAwait(false);
        foreach (var id in identities.Values.Where(i => i.Client != probe))
            await id.Client.DiscoverAsync(ct).ConfigureAwait(false);

        if (identities.TryGetValue(Role.Reader, out var reader) && identities.TryGetValue(Role.Owner, out var owner))
        {
            var (r, o) = (await reader.Auth.GetSessionAsync(ct).ConfigureAwait(false), await owner.Auth.GetSessionAsync(ct).ConfigureAwait(false));
            if (r.ProjectId is not null && o.ProjectId is not null && r.ProjectId != o.ProjectId)
                throw new ConfigurationException($"The reader identity ({reader.Config.Source}) is in project {r.ProjectId}, the member's in {o.ProjectId}: give a reader of the member's project.");
        }
        var (flavor, other) = await PickFlavorsAsync(probe, options, ct).ConfigureAwait(false);
        var image = options.ImageRef ?? await PickImageAsync(probe, ct).ConfigureAwait(false);
        return new KitSession(runId ?? NewRunId(), targetName, catalogue ?? ActionCatalogue.Default, options, api, http, identities, flavor, other, image);
    }

    private static async Task<(string, string?)> PickFlavorsAsync(NovaClient client, KitOptions options, CancellationToken ct)
    {
        if (options.FlavorRef is not null) return (options.FlavorRef, options.OtherFlavorRef);
        var response = await client.SendAsync(HttpMethod.Get, NovaUrls.Flavors + "/detail", null, ct: ct).ConfigureAwait(false);
        var flavors = (response.Json?["flavors"]?.AsArray() ?? [])
            .Select(f => (Id: f?["id"]?.ToString() ?? "", Ram: f?["ram"]?.GetValue<int>() ?? 0, Disk: f?["disk"]?.GetValue<int>() ?? 0))
            .Where(f => f.Id.Length > 0).OrderBy(f => f.Ram).ThenBy(f => f.Disk).ToList();
        if (flavors.Count == 0)
            throw new ConfigurationException("The endpoint lists no flavors the owner may use; create one or name one with --flavor.");
        return (flavors[0].Id, options.OtherFlavorRef ?? (flavors.Count > 1 ? flavors[1].Id : null));
    }

    /// <summary>
    /// An ACTIVE image that any host can boot: no hw_/img_/trait properties that constrain scheduling, then the
    /// smallest minimum RAM and disk. Operators of real clouds name one with --image.
    /// </summary>
    private static async Task<string> PickImageAsync(NovaClient client, CancellationToken ct)
    {
        var response = await client.SendAsync(HttpMethod.Get, NovaUrls.Images + "/detail", null, ct: ct).ConfigureAwait(false);
        static bool Constrains(string key) => key.StartsWith("hw_", StringComparison.Ordinal) || key.StartsWith("img_", StringComparison.Ordinal) || key.StartsWith("trait", StringComparison.Ordinal);
        var images = (response.Json?["images"]?.AsArray() ?? [])
            .Where(i => i?["id"] is not null && (i["status"]?.ToString() ?? "ACTIVE") == "ACTIVE")
            .Select(i => (Id: i!["id"]!.ToString(),
                Constraints: (i["metadata"] as System.Text.Json.Nodes.JsonObject)?.Count(p => Constrains(p.Key)) ?? 0,
                MinRam: i["minRam"]?.GetValue<int>() ?? 0, MinDisk: i["minDisk"]?.GetValue<int>() ?? 0))
            .OrderBy(i => i.Constraints).ThenBy(i => i.MinRam).ThenBy(i => i.MinDisk).ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        return images.FirstOrDefault().Id ?? throw new ConfigurationException("The endpoint lists no ACTIVE images; upload one or name one with --image.");
    }

    /// <summary>
    /// Declares the endpoint down when nothing has answered for <paramref name="window"/> after a request went unanswered
    /// (see <see cref="OutageMonitor"/>); from then on every request fails at once, so the run can end within that bound.
    /// </summary>
    public OutageMonitor WatchForOutage(TimeSpan window)
    {
        var probe = (Find(Role.Owner) ?? Find(Role.Admin)!).Client;
        var monitor = new OutageMonitor(ct => probe.SendAsync(HttpMethod.Get, NovaUrls.VersionDocument, null, ct: ct),
            window, probeTimeout: Http.Timeout < TimeSpan.FromSeconds(5) ? Http.Timeout : TimeSpan.FromSeconds(5));
        Http.AddSink(monitor);
        monitor.Declared.Register(() => Http.AbortAll($"The endpoint is down ({monitor.Reason}); the run stopped sending requests."));
        return Outage = monitor;
    }

    /// <summary>Refreshes the heartbeat of the run's servers every <see cref="KitNames.HeartbeatInterval"/> until cancelled.</summary>
    public async Task BeatUntilAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(KitNames.HeartbeatInterval, ct).ConfigureAwait(false);
                await Tracker.BeatAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        Outage?.Dispose();
        try
        {
            if (Http.AbortReason is null)
            {
                await Tracker.DeleteAllAsync(CancellationToken.None).ConfigureAwait(false);
                // After the servers: a security group still in use cannot be deleted.
                await Networking.DeleteAllAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally { Http.Dispose(); }
    }
}
