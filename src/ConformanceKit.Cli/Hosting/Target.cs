using ConformanceKit.Client.Configuration;
using ConformanceKit.Simulator;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Cli.Hosting;

/// <summary>
/// The endpoint a run certifies and the identities it uses: the embedded simulator by default, or a cloud
/// named by --cloud / OS_CLOUD / OS_* variables.
/// </summary>
public sealed class Target : IAsyncDisposable
{
    public const string DefaultMemberToken = "demo:demo";
    public const string DefaultOtherToken = "alice:proj2";
    public const string AdminToken = "admin:admin";
    /// <summary>The simulator's reader of the member's project (user "reader" holds only the reader role).</summary>
    public const string DefaultReaderToken = "reader:demo";

    public required string Name { get; init; }
    public required IReadOnlyDictionary<Role, CloudConfig> Configs { get; init; }
    public NovaSimulator? Simulator { get; init; }
    public bool IsSimulator => Simulator is not null;

    /// <summary>" --cloud NAME" when the admin identity came from --cloud; empty when it came from the environment.</summary>
    public string CloudArgument { get; init; } = "";

    public static async Task<Target> ResolveAsync(RunOptions options, CloudConfigLoader loader, CancellationToken ct)
    {
        var useCloud = !options.Simulator && (options.Cloud is not null || loader.HasEnvironmentCloud);
        if (!useCloud) return await StartSimulatorAsync(options, ct).ConfigureAwait(false);

        var admin = loader.Load(options.Cloud);
        // What the configuration lacks is the first thing to say; only then what the kit needs besides it.
        admin.EnsureComplete();
        var configs = new Dictionary<Role, CloudConfig> { [Role.Admin] = admin };
        if (admin.AuthType == AuthType.NoAuth2)
        {
            // noauth2: every identity is a token "user:project" on the same endpoint.
            configs[Role.Owner] = admin with { Token = options.MemberToken ?? DefaultMemberToken, Source = admin.Source + " (member token)" };
            configs[Role.OtherProject] = admin with { Token = options.OtherToken ?? DefaultOtherToken, Source = admin.Source + " (other project token)" };
        }
        if (options.MemberCloud is not null) configs[Role.Owner] = loader.Load(options.MemberCloud);
        if (options.OtherCloud is not null) configs[Role.OtherProject] = loader.Load(options.OtherCloud);
        if (options.ApiTimeout is { } timeout)
            foreach (var role in configs.Keys.ToList()) configs[role] = configs[role] with { ApiTimeout = timeout };
        // A reader only where one is named: Zed's old policy defaults give no meaning to the reader role.
        if (options.ReaderCloud is not null) configs[Role.Reader] = loader.Load(options.ReaderCloud);
        else if (options.ReaderToken is not null && admin.AuthType == AuthType.NoAuth2)
            configs[Role.Reader] = admin with { Token = options.ReaderToken, Source = admin.Source + " (reader token)" };
        if (!configs.ContainsKey(Role.Owner))
            throw new ConfigurationException(
                "The kit's servers must be owned by a project member, so that member-versus-admin rules can be checked. " +
                "Give a member identity with --member-cloud NAME (a clouds.yaml entry of a non-admin user).");
        return new Target { Name = options.Cloud ?? admin.Source, Configs = configs, CloudArgument = options.Cloud is null ? "" : $" --cloud {options.Cloud}" };
    }

    private static async Task<Target> StartSimulatorAsync(RunOptions options, CancellationToken ct)
    {
        var simOptions = new SimulatorOptions
        {
            Faults = options.SimulatorFaults is null ? FaultProfile.None : FaultProfile.Parse(options.SimulatorFaults),
            Progression = options.SimulatorProgression is null ? Progression.Immediate : Progression.Parse(options.SimulatorProgression),
            Outage = options.SimulatorOutage is null ? null : Outage.Parse(options.SimulatorOutage),
        }.WithDeployment(options.SimulatorDeployment);
        var simulator = await NovaSimulator.StartAsync(simOptions, ct).ConfigureAwait(false);
        CloudConfig Identity(string token) => new()
        {
            Source = "embedded simulator", AuthType = AuthType.NoAuth2, ComputeEndpoint = simulator.Endpoint, Token = token,
            ApiTimeout = options.ApiTimeout ?? TimeSpan.FromSeconds(30),
        };
        return new Target
        {
            Name = "embedded simulator" + (options.SimulatorDeployment is null ? "" : $" (deployment: {options.SimulatorDeployment})")
                + (options.SimulatorFaults is null ? "" : $" (faults: {options.SimulatorFaults})"),
            Simulator = simulator,
            Configs = new Dictionary<Role, CloudConfig>
            {
                [Role.Admin] = Identity(AdminToken),
                [Role.Owner] = Identity(DefaultMemberToken),
                [Role.OtherProject] = Identity(DefaultOtherToken),
                [Role.Reader] = Identity(options.ReaderToken ?? DefaultReaderToken),
            },
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Simulator is not null) await Simulator.DisposeAsync().ConfigureAwait(false);
    }
}
