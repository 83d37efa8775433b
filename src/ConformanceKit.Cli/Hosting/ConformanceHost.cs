using System.Reflection;
using ConformanceKit.Client;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Client.Http;
using ConformanceKit.Gherkin;
using ConformanceKit.Gherkin.Bridge;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Cli.Hosting;

/// <summary>
/// Ties a run together: the target (simulator or cloud), the connected session, the discovered features and a
/// runner that injects the session into bindings. The CLI and the NUnit features project both use it.
/// </summary>
public sealed class ConformanceHost : IAsyncDisposable
{
    /// <summary>The assembly holding the kit's Reqnroll [Binding] classes.</summary>
    public static readonly Assembly BindingAssembly = typeof(KitSession).Assembly;

    public Target Target { get; }
    public KitSession Session { get; }
    public SecretMasker Masker { get; }

    private ConformanceHost(Target target, KitSession session, SecretMasker masker)
    {
        Target = target;
        Session = session;
        Masker = masker;
    }

    /// <summary>The features, with the @action: tags their When steps' bound actions give them.</summary>
    public static GherkinSuite Discover(string featuresDirectory, string? tags) =>
        GherkinSuite.Discover(featuresDirectory, BindingAssembly, tags, tagsOfStep: ActionTags.Of);

    /// <summary>Resolves the target, starts the simulator if it is the target, and connects every identity.</summary>
    public static async Task<ConformanceHost> StartAsync(RunOptions options, CloudConfigLoader loader, CancellationToken ct)
    {
        var target = await Target.ResolveAsync(options, loader, ct).ConfigureAwait(false);
        try
        {
            var masker = new SecretMasker();
            var kitOptions = new KitOptions
            {
                FlavorRef = options.Flavor,
                OtherFlavorRef = options.OtherFlavor,
                ImageRef = options.Image,
                NetworkId = options.Network,
                FloatingIp = options.FloatingIp,
                SecurityGroup = options.SecurityGroup,
                Wait = WaitOptions.Default with { Timeout = options.WaitTimeout },
                TolerateExtensions = options.TolerateExtensions,
                HostControl = HostControlFor(options, target),
            };
            var session = await KitSession.ConnectAsync(target.Name, target.Configs, kitOptions, masker, ct: ct).ConfigureAwait(false);
            return new ConformanceHost(target, session, masker);
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The operator's --host-control (or NCK_HOST_CONTROL); for the embedded simulator, its own control route.
    /// A command without {action} and {host} is a usage error.
    /// </summary>
    private static IHostControl? HostControlFor(RunOptions options, Target target)
    {
        var command = options.HostControl ?? Environment.GetEnvironmentVariable("NCK_HOST_CONTROL");
        if (!string.IsNullOrWhiteSpace(command))
        {
            try { return new CommandHostControl(command); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
        }
        return target.IsSimulator ? new ControlRouteHostControl() : null;
    }

    /// <summary>A client of the admin (or owner) identity on a connection of its own with a short timeout: for the last clean-up.</summary>
    public FreshClient FreshAdminClient(TimeSpan timeout)
    {
        var identity = Session.Find(Role.Admin) ?? Session.Find(Role.Owner)!;
        var http = new NovaHttp(identity.Config, Masker, timeout);
        return new FreshClient(new NovaClient(identity.Auth, http), http);
    }

    public sealed record FreshClient(NovaClient Client, NovaHttp Http) : IDisposable
    {
        public void Dispose() => Http.Dispose();
    }

    /// <summary>A runner whose bindings receive this host's session; dispose it to end the run (Reqnroll's formatters write then).</summary>
    public ScenarioRunner CreateRunner(GherkinSuite suite, IRunListener? listener, FormatterOutputs? formatters = null,
        Reqnroll.UnitTestProvider.IUnitTestRuntimeProvider? unitTestRuntime = null) =>
        suite.CreateRunner(new Gherkin.RunOptions
        {
            Instances = new InstanceRegistry().Add(Session),
            Listener = listener,
            Formatters = formatters,
            UnitTestRuntime = unitTestRuntime,
        });

    /// <summary>Deletes every server the run still holds, then stops the simulator if this run started it.</summary>
    public async ValueTask DisposeAsync()
    {
        try { await Session.DisposeAsync().ConfigureAwait(false); }
        finally { await Target.DisposeAsync().ConfigureAwait(false); }
    }
}
