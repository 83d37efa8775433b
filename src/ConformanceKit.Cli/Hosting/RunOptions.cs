using System.Globalization;

namespace ConformanceKit.Cli.Hosting;

/// <summary>A mistake in the command line: the message says what and how to fix it (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The options of `nova-conformance run` (and what the NUnit features host reads from its settings).</summary>
public sealed record RunOptions
{
    public bool Simulator { get; init; }
    public string? SimulatorFaults { get; init; }
    public string? SimulatorProgression { get; init; }
    /// <summary>Simulator deployment names ("defaults", "no-rdp"): conforming configurations, not faults.</summary>
    public string? SimulatorDeployment { get; init; }
    public string? Cloud { get; init; }
    public string? MemberCloud { get; init; }
    public string? OtherCloud { get; init; }
    public string? MemberToken { get; init; }
    public string? OtherToken { get; init; }
    public string? Tags { get; init; }
    public string FeaturesDirectory { get; init; } = DefaultFeatures();
    public string ResultsDirectory { get; init; } = "reports";
    public string? Baseline { get; init; }
    public bool UpdateBaseline { get; init; }
    public bool DryRun { get; init; }
    public bool NoHtml { get; init; }

    /// <summary>Also write the run as a subunit v2 stream to this file (for stestr, subunit2junitxml, subunit-stats).</summary>
    public string? Subunit { get; init; }
    public int Parallel { get; init; } = 1;

    /// <summary>Fresh servers kept ready ahead of the scenarios (0: off, each scenario creates its own).</summary>
    public int Pool { get; init; }

    /// <summary>Every scenario deletes its servers; none is handed on to the next scenario that needs its status (run --no-reuse).</summary>
    public bool NoReuse { get; init; }
    public string? Flavor { get; init; }
    public string? OtherFlavor { get; init; }
    public string? Image { get; init; }
    public string? Network { get; init; }
    public string? FloatingIp { get; init; }
    public string? SecurityGroup { get; init; }
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public bool TolerateExtensions { get; init; }
    public string? SimulatorOutage { get; init; }
    /// <summary>How long nothing may answer, after a request went unanswered, before the run ends as an endpoint outage.</summary>
    public TimeSpan OutageAfter { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>The API timeout for every identity (overrides api_timeout / OS_API_TIMEOUT), or null.</summary>
    public TimeSpan? ApiTimeout { get; init; }

    /// <summary>
    /// ./features when the current directory holds the kit's features (a checkout), else the features installed with the
    /// kit beside the application (the .NET tool package carries them).
    /// </summary>
    public static string DefaultFeatures() =>
        Directory.Exists("features") || !Directory.Exists(Path.Combine(AppContext.BaseDirectory, "features"))
            ? "features"
            : Path.Combine(AppContext.BaseDirectory, "features");
    /// <summary>The operator's command that stops and starts a compute host ('COMMAND {action} {host}'); also NCK_HOST_CONTROL.</summary>
    public string? HostControl { get; init; }
    /// <summary>A reader of the owner's project (Keystone role reader), for the reader policy scenarios.</summary>
    public string? ReaderCloud { get; init; }
    /// <summary>noauth2 only: the reader's token (user:project); no reader without it.</summary>
    public string? ReaderToken { get; init; }

    public const string Help = """
        nova-conformance run [options]     certify a Nova endpoint (default: the embedded simulator)
          --cloud NAME                     the admin identity: a cloud of clouds.yaml (or OS_CLOUD / OS_* variables)
          --member-cloud NAME              the owner of the kit's servers (a project member)
          --other-cloud NAME               a member of another project
          --member-token USER:PROJECT      noauth2 only: the member's token (default demo:demo)
          --other-token USER:PROJECT       noauth2 only: another project's token (default alice:proj2)
          --reader-cloud NAME              a reader of the owner's project (role reader); reader scenarios skip without it
          --reader-token USER:PROJECT      noauth2 only: the reader's token (e.g. reader:demo; none by default)
          --host-control 'CMD {action} {host}'  the operator command that stops/starts a compute host, for evacuate
                                           (also NCK_HOST_CONTROL); without it evacuate's positive scenarios skip
          --simulator                      certify the embedded simulator even when OS_* variables are set
          --simulator-faults LIST          break rules on purpose (e.g. wrong-code,missing-409); see the README
          --simulator-progression P        immediate | polls:N | seconds:T (transitions take N polls or T seconds)
          --simulator-outage O             the simulator dies or freezes on purpose: refuse-after:N | hang-after:N[:SECONDS]
          --simulator-deployment LIST      defaults (Nova's shipped defaults: no soft delete, shelve offloads at once,
                                           one compute host, no pre-allocated floating IP), no-rdp (a Nova >= 29.0.0),
                                           max:2.N (a Nova newer than the kit, advertising up to 2.N)
          --tags EXPR                      run only matching scenarios, e.g. "@action:pause and not @aspect:lock"
          --features DIR                   the feature files (default: ./features, else those installed with the kit)
          --results DIR                    where results and reports go (default: reports)
          --baseline FILE                  known failures; only new failures fail the run
          --update-baseline                rewrite the baseline with this run's failures
          --dry-run                        match every step to a binding; call no endpoint
          --no-html                        skip the Allure HTML report
          --subunit FILE                   also write the run as a subunit v2 stream (stestr, subunit2junitxml, subunit-stats)
          --parallel N                     scenarios at a time (default 1)
          --pool N                         keep up to N fresh servers ready, made in batches (default 0: off)
          --no-reuse                       delete every scenario's server; by default a server a refused action left
                                           exactly as it was is handed on to the next scenario that needs its status
          --flavor ID --other-flavor ID --image ID --network ID --floating-ip ADDR --security-group NAME
          --wait-timeout SECONDS           how long a server may take to settle (default 120)
          --tolerate-extensions            an undocumented extra field is a warning, not a failure
          --api-timeout SECONDS            how long one request may go unanswered (default: api_timeout, else 30)
          --outage-after SECONDS           end the run as an endpoint outage (exit 3) when nothing has answered for
                                           this long after a request went unanswered (default 20); the run then ends
                                           within api-timeout + outage-after (+ up to 10 s of clean-up)
          --parallel is capped to what the member's quota (GET /limits) leaves room for, with a message.
          Ctrl-C / SIGTERM: finish the scenarios in flight, delete what they made, report the run as INTERRUPTED
          (exit 1, no baseline change). A second Ctrl-C: delete what can be deleted in 5 s, list the rest, exit 1.
        nova-conformance sweep [--cloud NAME] [--run-id ID] [--force] [--dry-run]
                                           delete what runs of the kit left: servers, snapshot/backup images, security
                                           groups named nck-<run id>-…, floating IPs whose description names nck-<run id>.
                                           Only exact kit names are touched. Without --run-id only runs that are over
                                           (no heartbeat for 5 min) are swept, unless --force; --dry-run only lists.
        nova-conformance steps                 the step glossary: every Given/When/Then the features may use (features/README.md)
        nova-conformance import-samples --from PATH [--to DIR]
        nova-conformance derive-schemas [--check]
        nova-conformance import-nova-schemas --from PATH [--to DIR] [--name NAME] [--source TEXT]
        Exit codes: 0 conforming, 1 conformance failures or interrupted, 2 usage or configuration error,
        3 endpoint unreachable (at the start, or an outage during the run).
        """;

    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var o = new RunOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"{args[i]} needs a value. Run 'nova-conformance --help' for the options.");
                return args[++i];
            }
            int Count(string what)
            {
                var v = Value();
                return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n : throw new UsageException($"{what} takes a whole number (0 or more), not '{v}'.");
            }
            int Int(string what)
            {
                var v = Value();
                return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n : throw new UsageException($"{what} takes a positive whole number, not '{v}'.");
            }
            o = args[i] switch
            {
                "--simulator" => o with { Simulator = true },
                "--simulator-faults" => o with { SimulatorFaults = Value(), Simulator = true },
                "--simulator-progression" => o with { SimulatorProgression = Value(), Simulator = true },
                "--simulator-deployment" => o with { SimulatorDeployment = Value(), Simulator = true },
                "--cloud" => o with { Cloud = Value() },
                "--member-cloud" => o with { MemberCloud = Value() },
                "--other-cloud" => o with { OtherCloud = Value() },
                "--member-token" => o with { MemberToken = Value() },
                "--other-token" => o with { OtherToken = Value() },
                "--tags" => o with { Tags = Value() },
                "--features" => o with { FeaturesDirectory = Value() },
                "--results" => o with { ResultsDirectory = Value() },
                "--baseline" => o with { Baseline = Value() },
                "--update-baseline" => o with { UpdateBaseline = true },
                "--dry-run" => o with { DryRun = true },
                "--no-html" => o with { NoHtml = true },
                "--subunit" => o with { Subunit = Value() },
                "--parallel" => o with { Parallel = Int("--parallel") },
                "--pool" => o with { Pool = Count("--pool") },
                "--no-reuse" => o with { NoReuse = true },
                "--flavor" => o with { Flavor = Value() },
                "--other-flavor" => o with { OtherFlavor = Value() },
                "--image" => o with { Image = Value() },
                "--network" => o with { Network = Value() },
                "--floating-ip" => o with { FloatingIp = Value() },
                "--security-group" => o with { SecurityGroup = Value() },
                "--wait-timeout" => o with { WaitTimeout = TimeSpan.FromSeconds(Int("--wait-timeout")) },
                "--tolerate-extensions" => o with { TolerateExtensions = true },
                "--simulator-outage" => o with { SimulatorOutage = Value(), Simulator = true },
                "--outage-after" => o with { OutageAfter = TimeSpan.FromSeconds(Int("--outage-after")) },
                "--api-timeout" => o with { ApiTimeout = TimeSpan.FromSeconds(Int("--api-timeout")) },
                "--host-control" => o with { HostControl = Value() },
                "--reader-cloud" => o with { ReaderCloud = Value() },
                "--reader-token" => o with { ReaderToken = Value() },
                var other => throw new UsageException($"Unknown option '{other}'. Run 'nova-conformance --help' for the options."),
            };
        }
        if (o.UpdateBaseline && o.Baseline is null) throw new UsageException("--update-baseline needs --baseline FILE.");
        if (o.Simulator && o.Cloud is not null) throw new UsageException("Choose either --simulator or --cloud, not both.");
        return o;
    }
}
