using System.Globalization;
using ConformanceKit.Core;

namespace ConformanceKit.Simulator;

/// <summary>How the simulator answers a /v2.1 request that carries no X-Auth-Token.</summary>
public enum MissingTokenBehaviour
{
    /// <summary>401 with keystonemiddleware's body, as a Keystone-fronted Nova answers (default).</summary>
    Unauthorized,
    /// <summary>What Nova's noauth2 pipeline really does: 204 with a legacy "auth 1.1" X-Auth-Token header.</summary>
    LegacyNoAuth,
}

/// <summary>Remote console types that are enabled (Nova's defaults: only VNC).</summary>
[Flags]
public enum ConsoleKinds
{
    None = 0,
    Vnc = 1,
    Spice = 2,
    Rdp = 4,
    Serial = 8,
    All = Vnc | Spice | Rdp | Serial,
}

/// <summary>Options of the embedded Nova simulator. The defaults mirror the reference Nova of reference-nova.md.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Lowest microversion served (v2.1 min_version).</summary>
    public Microversion MinVersion { get; init; } = Microversion.Minimum;

    /// <summary>Highest microversion served (v2.1 version). Real Zed stops at 2.93; the simulator defaults to 2.100.</summary>
    public Microversion MaxVersion { get; init; } = new(2, 100);

    /// <summary>When asynchronous transitions (BUILD, PAUSING, RESIZE…) finish.</summary>
    public Progression Progression { get; init; } = Progression.Immediate;

    /// <summary>Rules the simulator breaks on purpose, so that each check of the kit can be shown to fail.</summary>
    public FaultProfile Faults { get; init; } = FaultProfile.None;

    /// <summary>Names of the nova-compute hosts (two by default, so migrate and evacuate have somewhere to go; one is a valid cloud).</summary>
    public IReadOnlyList<string> ComputeHosts { get; init; } = ["compute1", "compute2"];

    /// <summary>What a request without X-Auth-Token gets.</summary>
    public MissingTokenBehaviour MissingToken { get; init; } = MissingTokenBehaviour.Unauthorized;

    /// <summary>DELETE soft-deletes (Nova's reclaim_instance_interval &gt; 0), so restore and forceDelete are testable.</summary>
    public bool SoftDelete { get; init; } = true;

    /// <summary>shelve goes straight on to SHELVED_OFFLOADED (Nova's default shelved_offload_time=0). Off: stays SHELVED (-1).</summary>
    public bool OffloadOnShelve { get; init; }

    /// <summary>Resize may stay on the server's host (the reference's allow_resize_to_same_host = True; Nova's default is False).</summary>
    public bool AllowResizeToSameHost { get; init; } = true;

    /// <summary>Enabled remote consoles. Nova's defaults enable VNC only; the others answer 400 "Unavailable console type".</summary>
    public ConsoleKinds EnabledConsoles { get; init; } = ConsoleKinds.Vnc;

    /// <summary>Glance endpoint used for createImage's Location header below 2.45 ([glance]api_servers).</summary>
    public Uri GlanceEndpoint { get; init; } = new("http://localhost:9292");

    /// <summary>
    /// Floating IPs already allocated and visible to every project, as the reference Nova pre-allocates them (20);
    /// Nova's shipped defaults pre-allocate none: a project allocates its own (POST /os-floating-ips).
    /// </summary>
    public int PreallocatedFloatingIps { get; init; } = 20;

    /// <summary>Addresses of the external network "public" that projects may allocate (POST /os-floating-ips).</summary>
    public int AllocatableFloatingIps { get; init; } = 20;

    /// <summary>Every project has a second security group "extra", as the reference Nova; Nova's defaults only create "default".</summary>
    public bool ExtraSecurityGroup { get; init; } = true;

    /// <summary>
    /// Users (the "user" of a "user:project" token) who hold only the reader role in their project, as Keystone's
    /// reader role under Nova's new policy defaults: they may read (GET) but every server action is 403.
    /// </summary>
    public IReadOnlyList<string> ReaderUsers { get; init; } = ["reader"];

    /// <summary>
    /// os-getRDPConsole answers as Nova 29.0.0 and later do, where the api-ref documents the action as removed with the
    /// Hyper-V driver: 400 with webob's default message, before any server lookup.
    /// </summary>
    public bool RdpConsoleRemoved { get; init; }

    /// <summary>
    /// The deployment a cloud gets from Nova's shipped defaults (a conforming configuration, not a fault):
    /// reclaim_instance_interval = 0 (no soft delete), shelved_offload_time = 0 (shelve offloads at once), one compute
    /// host, allow_resize_to_same_host = False, no floating IP pre-allocated, only the "default" security group.
    /// </summary>
    public SimulatorOptions WithShippedDefaults() => this with
    {
        SoftDelete = false, OffloadOnShelve = true, ComputeHosts = [ComputeHosts[0]], PreallocatedFloatingIps = 0, ExtraSecurityGroup = false,
        AllowResizeToSameHost = false,
    };

    /// <summary>Deployment names for a command line: "defaults" (Nova's shipped defaults) and "no-rdp" (a Nova without the RDP console).</summary>
    public static IReadOnlyList<(string Name, string Means)> Deployments { get; } =
    [
        ("defaults", "Nova's shipped defaults: no soft delete, shelve offloads at once, one compute host, no pre-allocated floating IP, no second security group"),
        ("no-rdp", "a Nova from 29.0.0 on: os-getRDPConsole is removed (400)"),
        ("max:2.N", "a Nova newer than the kit: GET / advertises microversions up to 2.N"),
    ];

    /// <summary>Applies comma-separated deployment names ("defaults,no-rdp,max:2.110"); "" and "reference" change nothing.</summary>
    public SimulatorOptions WithDeployment(string? names)
    {
        var o = this;
        foreach (var raw in (names ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            o = raw.ToLowerInvariant() switch
            {
                "reference" => o,
                "defaults" => o.WithShippedDefaults(),
                "no-rdp" => o with { RdpConsoleRemoved = true },
                var m when m.StartsWith("max:", StringComparison.Ordinal) && Microversion.TryParse(m[4..], out var max) && max.Major == 2 && max >= o.MinVersion
                    => o with { MaxVersion = max },
                _ => throw new FormatException($"'{raw}' is not a simulator deployment; known: reference, {string.Join(", ", Deployments.Select(d => d.Name))}."),
            };
        return o;
    }

    /// <summary>
    /// Instances per project. Nova's default is 10; the simulator allows 100 so that a run with up to 32 scenarios at a
    /// time (each holding up to 3 servers) is never refused for quota. Set it lower to see the kit wait for capacity.
    /// </summary>
    public int InstanceQuota { get; init; } = 100;

    /// <summary>An outage on purpose (the endpoint dies or freezes part-way through a run), or null.</summary>
    public Outage? Outage { get; init; }

    /// <summary>Clock for timestamps and for <see cref="Progression.AfterTime"/>; inject a manual one in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line explanation when the options cannot work.</summary>
    public void Validate()
    {
        if (MinVersion < Microversion.Minimum)
            throw new ArgumentException($"MinVersion {MinVersion} is below 2.1, the lowest microversion of the v2.1 API.");
        if (MaxVersion < MinVersion)
            throw new ArgumentException($"MaxVersion {MaxVersion} is below MinVersion {MinVersion}; set MaxVersion to at least {MinVersion}.");
        if (MaxVersion.Major != 2 || MinVersion.Major != 2)
            throw new ArgumentException("The compute API only has 2.x microversions; use versions such as 2.1 or 2.93.");
        if (ComputeHosts.Count < 1)
            throw new ArgumentException("At least one compute host is needed (give two so that migrate and evacuate have somewhere to go).");
        if (PreallocatedFloatingIps < 0 || AllocatableFloatingIps < 0 || PreallocatedFloatingIps + AllocatableFloatingIps > 200)
            throw new ArgumentException($"Floating IP counts must be 0 or more and at most 200 together; got {PreallocatedFloatingIps} + {AllocatableFloatingIps}.");
        if (ComputeHosts.Distinct(StringComparer.Ordinal).Count() != ComputeHosts.Count)
            throw new ArgumentException("Compute host names must be unique.");
        if (InstanceQuota < 1)
            throw new ArgumentException($"InstanceQuota must be at least 1; got {InstanceQuota}.");
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"Port {Port} is not a TCP port; use 0 for a free one.");
    }
}

/// <summary>
/// When an asynchronous transition completes: at once, after N GETs of the server, or after a time
/// measured on the injected clock. Progression is data, so waiters can be tested without sleeping.
/// </summary>
public abstract record Progression
{
    private Progression() { }

    /// <summary>Transitions complete before the action's response is sent.</summary>
    public static Progression Immediate { get; } = new ImmediateProgression();

    /// <summary>A transition completes on the <paramref name="polls"/>-th GET of that server (GET /servers/{id}).</summary>
    public static Progression AfterPolls(int polls) => polls >= 1
        ? new PollsProgression(polls)
        : throw new ArgumentOutOfRangeException(nameof(polls), polls, "AfterPolls needs at least 1 poll.");

    /// <summary>A transition completes once <paramref name="delay"/> has passed on the simulator's clock.</summary>
    public static Progression AfterTime(TimeSpan delay) => delay >= TimeSpan.Zero
        ? new TimedProgression(delay)
        : throw new ArgumentOutOfRangeException(nameof(delay), delay, "AfterTime needs a non-negative delay.");

    public sealed record ImmediateProgression : Progression
    {
        public override string ToString() => "immediate";
    }

    public sealed record PollsProgression(int Polls) : Progression
    {
        public override string ToString() => $"polls:{Polls}";
    }

    public sealed record TimedProgression(TimeSpan Delay) : Progression
    {
        public override string ToString() => $"time:{Delay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
    }

    /// <summary>Parses "immediate", "polls:3", "seconds:2" (as the README writes it; "seconds:0.5" too) or "time:500ms" / "time:2s".</summary>
    public static Progression Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "immediate") return Immediate;
        if (t.StartsWith("polls:", StringComparison.Ordinal)
            && int.TryParse(t["polls:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            return AfterPolls(n);
        if (t.StartsWith("seconds:", StringComparison.Ordinal)
            && double.TryParse(t["seconds:".Length..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            return AfterTime(TimeSpan.FromSeconds(seconds));
        if (t.StartsWith("time:", StringComparison.Ordinal))
        {
            var v = t["time:".Length..];
            var (number, scale) = v.EndsWith("ms", StringComparison.Ordinal) ? (v[..^2], 1.0)
                : v.EndsWith('s') ? (v[..^1], 1000.0) : (v, 1000.0);
            if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
                return AfterTime(TimeSpan.FromMilliseconds(d * scale));
        }
        throw new FormatException($"'{text}' is not a progression; use 'immediate', 'polls:N' (N >= 1), 'seconds:T' or 'time:500ms' / 'time:2s'.");
    }
}
