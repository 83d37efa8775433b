using System.Net;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Simulator.Backend;
using ConformanceKit.Simulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConformanceKit.Simulator;

/// <summary>
/// The embedded Nova simulator: Kestrel on 127.0.0.1 (a free port unless one is given) serving a Nova-shaped
/// compute API backed by <see cref="SimulatorBackend"/>. Dispose it to stop it.
/// </summary>
public sealed class NovaSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NovaHttpApi _api;

    private NovaSimulator(WebApplication app, NovaHttpApi api, SimulatorBackend backend, Uri root)
    {
        _app = app;
        _api = api;
        Backend = backend;
        Root = root;
        Endpoint = new Uri(root, "v2.1");
    }

    /// <summary>The compute endpoint, e.g. http://127.0.0.1:PORT/v2.1 (what a service catalog lists).</summary>
    public Uri Endpoint { get; }

    /// <summary>The root, e.g. http://127.0.0.1:PORT/ (GET gives the versions document).</summary>
    public Uri Root { get; }

    /// <summary>The simulated cloud, for inspection in tests (no HTTP involved).</summary>
    public SimulatorBackend Backend { get; }

    /// <summary>Exceptions that escaped the simulator while serving (its own bugs, answered as 500). Empty when all is well.</summary>
    public IReadOnlyCollection<Exception> InternalErrors => _api.InternalErrors;

    /// <summary>The options it runs with.</summary>
    public SimulatorOptions Options => Backend.Options;

    /// <summary>Starts a simulator; the returned instance is already listening.</summary>
    public static Task<NovaSimulator> StartAsync(SimulatorOptions options, CancellationToken ct = default) =>
        StartAsync(options, ActionCatalogue.Default, ct);

    /// <summary>Starts a simulator driven by a given action catalogue.</summary>
    public static async Task<NovaSimulator> StartAsync(SimulatorOptions options, ActionCatalogue catalogue, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var backend = new SimulatorBackend(options, catalogue);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var api = new NovaHttpApi(backend);
        app.Run(api.HandleAsync);
        // An endpoint that dies refuses new connections: the listener closes (in the background: a request is running).
        api.Died += () => _ = Task.Run(async () =>
        {
            using var quickly = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await app.StopAsync(quickly.Token).ConfigureAwait(false);
        });
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The Nova simulator could not listen on 127.0.0.1:{options.Port}: {e.Message} Use port 0 for a free port.", e);
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started but reported no address.");
        var port = new Uri(address).Port;
        return new NovaSimulator(app, api, backend, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        _api.Stop();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
