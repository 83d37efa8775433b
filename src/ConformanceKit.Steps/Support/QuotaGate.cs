using System.Text.Json.Nodes;
using ConformanceKit.Client;

namespace ConformanceKit.Steps.Support;

/// <summary>How many servers of the kit's flavor the member's quota leaves room for (GET /limits).</summary>
public sealed record QuotaCapacity(int? Servers, string Explanation);

/// <summary>
/// Quota is a capacity, not a failure. Before a run the member's absolute limits (GET /limits: instances, cores, RAM) say
/// how many of the kit's servers fit at once, and the run caps its parallelism to that. During the run a create refused
/// for quota (403 or 413 whose message names the quota) is retried until another scenario's server is gone, up to the
/// wait timeout, rather than breaking the scenario.
/// </summary>
public sealed class QuotaGate(KitSession session)
{
    /// <summary>How often a create refused for quota is tried again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether a response is a quota refusal (Nova: 403 "Quota exceeded for instances…", older releases 413).</summary>
    public static bool IsQuotaRefusal(NovaResponse response) =>
        response.Status is 403 or 413 && (response.Body ?? "").Contains("quota", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates through <paramref name="create"/>, waiting for capacity while the answer is a quota refusal.</summary>
    public async Task<NovaResponse> CreateWithinQuotaAsync(Func<Task<NovaResponse>> create, CancellationToken ct = default) =>
        (await Poll.UntilAsync(create, r => !IsQuotaRefusal(r), session.Options.Wait.Timeout, PollSchedule.Every(RetryInterval), ct).ConfigureAwait(false)).Last;

    private Task<QuotaCapacity>? _capacity;

    /// <summary>Scenarios at a time (the run sets it).</summary>
    public int Parallel { get; set; } = 1;

    /// <summary>
    /// Whether the member's quota is tight for the kit (read once per run): room for fewer than 6 servers per scenario
    /// running at once (each holds up to 3, and as many may still be being deleted). Where it is, a scenario waits for its
    /// servers to be gone before the next create: measured on Zed with 4 instances and 4 scenarios at a time, creates
    /// racing background deletions were accepted (202) and then put in ERROR by Nova's quota recheck.
    /// </summary>
    public async Task<bool> IsLimitedAsync()
    {
        try { return (await ReadAsync(CancellationToken.None).ConfigureAwait(false)).Servers is { } room && room < 6 * Math.Max(1, Parallel); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException
                                       or ConformanceKit.Core.Results.EndpointFailureException or ConformanceKit.Client.Http.EndpointFaultException) { return true; }
    }

    /// <summary>
    /// The owner's limits and the kit's flavor, read once per run (the run's start reads them; <see cref="IsLimitedAsync"/>
    /// uses the same reading); null servers when the cloud sets no limit (or does not say).
    /// </summary>
    public Task<QuotaCapacity> ReadAsync(CancellationToken ct) => _capacity ??= ReadLimitsAsync(ct);

    private async Task<QuotaCapacity> ReadLimitsAsync(CancellationToken ct)
    {
        var owner = (session.Find(Role.Owner) ?? session.Find(Role.Admin)!).Client;
        var limits = await owner.SendAsync(HttpMethod.Get, "limits", null, ct: ct).ConfigureAwait(false);
        if (limits.Status != 200 || limits.Json?["limits"]?["absolute"] is not JsonObject a)
            return new QuotaCapacity(null, $"GET /limits answered {limits}; parallelism is not capped by quota");
        var flavor = await owner.SendAsync(HttpMethod.Get, $"{NovaUrls.Flavors}/{Uri.EscapeDataString(session.FlavorRef)}", null, ct: ct).ConfigureAwait(false);
        var vcpus = Int(flavor.Json?["flavor"]?["vcpus"]) ?? 1;
        var ram = Int(flavor.Json?["flavor"]?["ram"]) ?? 0;
        var fits = new List<(int Count, string Why)>();
        void Dimension(string max, string used, int need, string what)
        {
            if (Int(a[max]) is not { } m || m < 0 || need <= 0) return;
            var free = Math.Max(0, m - (Int(a[used]) ?? 0));
            fits.Add((free / need, $"{what}: {free} of {m} free"));
        }
        Dimension("maxTotalInstances", "totalInstancesUsed", 1, "instances");
        Dimension("maxTotalCores", "totalCoresUsed", vcpus, $"cores ({vcpus} per server)");
        Dimension("maxTotalRAMSize", "totalRAMUsed", ram, $"RAM ({ram} MB per server)");
        if (fits.Count == 0) return new QuotaCapacity(null, "the member's quota sets no limit");
        var tightest = fits.MinBy(f => f.Count);
        return new QuotaCapacity(tightest.Count, $"the member's quota leaves room for {tightest.Count} server(s) of flavor {session.FlavorRef} ({string.Join(", ", fits.Select(f => f.Why))})");
    }

    private static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
}
