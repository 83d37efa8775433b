using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ConformanceKit.Cli.Commands;
using ConformanceKit.Client;
using ConformanceKit.Client.Auth;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Client.Http;
using ConformanceKit.Simulator;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// Sweep deletes only what the kit made: run ids are checked as run ids (never a pattern), every name is checked by the
/// kit itself, a live run is left alone, and a killed run's servers, images, security groups and floating IPs all go.
/// The cloud is the simulator (servers, images) with a stub Neutron (security groups, floating IPs) beside it.
/// </summary>
[TestFixture]
[NonParallelizable]
public class SweepTests
{
    private const string Killed = "20261201000000dead";
    private const string Live = "20261203110000beef";
    private const string Image = "155d900f-4e14-4e4c-a73d-069cbf4541e6";

    private sealed record Run(int Code, string Output, string Error);

    private static async Task<Run> SweepAsync(Dictionary<string, string> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandLine.RunAsync(["sweep", .. args], output, error, name => environment.GetValueOrDefault(name));
        return new Run(code, output.ToString(), error.ToString());
    }

    [TestCase("|")]
    [TestCase(".*")]
    [TestCase("")]
    [TestCase("nck-")]
    [TestCase("2026")]
    [TestCase(Killed + "|x")]
    [TestCase("20261201000000DEAD")]
    public async Task A_run_id_that_is_not_a_run_id_is_refused(string runId)
    {
        var r = await SweepAsync(new() { ["OS_COMPUTE_ENDPOINT"] = "http://127.0.0.1:1/v2.1", ["OS_AUTH_TYPE"] = "noauth2", ["OS_TOKEN"] = "admin:admin" }, "--run-id", runId);
        r.Code.Should().Be(ExitCode.UsageOrConfiguration);
        r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Which.Should().Contain("is not a run id of the kit");
    }

    [Test]
    public async Task Sweep_removes_a_killed_runs_servers_images_groups_and_addresses_and_nothing_else()
    {
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions());
        using var neutron = StubNeutron.Start();
        var env = new Dictionary<string, string>
        {
            ["OS_COMPUTE_ENDPOINT"] = sim.Endpoint.ToString(), ["OS_AUTH_TYPE"] = "noauth2", ["OS_TOKEN"] = "admin:admin",
            ["OS_NETWORK_ENDPOINT"] = neutron.Url,
        };
        var old = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Beat(string run, string at) => new() { ["nck-run"] = run, ["nck-heartbeat"] = at };
        using var demo = Client(sim, "demo:demo");
        using var alice = Client(sim, "alice:proj2");
        await CreateAsync(demo, "customer-prod-db");
        await CreateAsync(alice, "alice-web");
        await CreateAsync(demo, "nck-database");                       // the kit's prefix, not its pattern
        await CreateAsync(demo, $"nck-{Killed}-server");                // no suffix: not the kit's pattern
        var killedServer = await CreateAsync(demo, $"nck-{Killed}-server-aaaaaa", Beat(Killed, old));
        await CreateAsync(demo, $"nck-{Killed}-server-bbbbbb", Beat(Killed, old));
        await CreateAsync(alice, $"nck-{Killed}-server-cccccc", Beat(Killed, old));
        await CreateAsync(demo, $"nck-{Live}-server-dddddd", Beat(Live, now));
        (await demo.Client.ActionAsync(killedServer, new JsonObject { ["createImage"] = new JsonObject { ["name"] = $"nck-{Killed}-image-eeeeee" } }, null)).Status.Should().Be(202);
        (await demo.Client.ActionAsync(killedServer, new JsonObject { ["createImage"] = new JsonObject { ["name"] = "customer-golden-image" } }, null)).Status.Should().Be(202);
        neutron.Add("security_groups", new JsonObject { ["id"] = "sg-kit", ["name"] = $"nck-{Killed}-sg-ffffff" });
        neutron.Add("security_groups", new JsonObject { ["id"] = "sg-live", ["name"] = $"nck-{Live}-sg-ffffff" });
        neutron.Add("security_groups", new JsonObject { ["id"] = "sg-default", ["name"] = "default" });
        neutron.Add("security_groups", new JsonObject { ["id"] = "sg-customer", ["name"] = "nck-web" });
        neutron.Add("floatingips", new JsonObject { ["id"] = "fip-kit", ["floating_ip_address"] = "172.24.4.10", ["description"] = $"nck-{Killed} floating IP" });
        neutron.Add("floatingips", new JsonObject { ["id"] = "fip-customer", ["floating_ip_address"] = "172.24.4.11", ["description"] = "prod database" });
        neutron.Add("floatingips", new JsonObject { ["id"] = "fip-other", ["floating_ip_address"] = "172.24.4.12", ["description"] = $"nck-{Killed}x" });

        var serversBefore = sim.Backend.Servers.Select(s => s.Name).Order().ToList();
        var imagesBefore = sim.Backend.Images.Count;
        serversBefore.Should().HaveCount(8);

        var dry = await SweepAsync(env, "--dry-run");
        dry.Code.Should().Be(0, dry.Output + dry.Error);
        dry.Output.Should().Contain("6 resource(s) of runs of the kit that are over found; nothing was deleted");
        dry.Output.Should().Contain($"run {Live} looks live");
        sim.Backend.Servers.Should().HaveCount(8, "a dry run deletes nothing");

        var sweep = await SweepAsync(env);
        sweep.Code.Should().Be(0, sweep.Output + sweep.Error);
        sweep.Output.Should().Contain("6 resource(s) of runs of the kit that are over found, 6 deleted");
        var serversAfter = sim.Backend.Servers.Select(s => s.Name).Order().ToList();
        serversAfter.Should().Equal(new[] { "alice-web", "customer-prod-db", "nck-database", $"nck-{Killed}-server", $"nck-{Live}-server-dddddd" }.Order());
        sim.Backend.Images.Select(i => i.Name).Should().Contain("customer-golden-image").And.NotContain($"nck-{Killed}-image-eeeeee");
        sim.Backend.Images.Count.Should().Be(imagesBefore - 1);
        neutron.Ids("security_groups").Should().BeEquivalentTo("sg-live", "sg-default", "sg-customer");
        neutron.Ids("floatingips").Should().BeEquivalentTo("fip-customer", "fip-other");
        TestContext.Progress.WriteLine($"sweep: servers {serversBefore.Count} -> {serversAfter.Count}, images {imagesBefore} -> {sim.Backend.Images.Count}, " +
            $"security groups 4 -> {neutron.Ids("security_groups").Count}, floating IPs 3 -> {neutron.Ids("floatingips").Count}");

        // A live run is swept when named (or forced).
        var named = await SweepAsync(env, "--run-id", Live);
        named.Code.Should().Be(0, named.Output);
        sim.Backend.Servers.Select(s => s.Name).Should().NotContain($"nck-{Live}-server-dddddd");
        neutron.Ids("security_groups").Should().BeEquivalentTo("sg-default", "sg-customer");
    }

    private sealed record Member(NovaClient Client, NovaHttp Http) : IDisposable
    {
        public void Dispose() => Http.Dispose();
    }

    private static Member Client(NovaSimulator sim, string token)
    {
        var config = new CloudConfig { Source = "test", AuthType = AuthType.NoAuth2, ComputeEndpoint = sim.Endpoint, Token = token };
        var http = new NovaHttp(config, new SecretMasker());
        return new Member(new NovaClient(Authenticator.For(config, http), http), http);
    }

    private static async Task<string> CreateAsync(Member member, string name, JsonObject? metadata = null)
    {
        var response = await member.Client.CreateServerAsync(new ServerCreate(name, "1", Image) { Metadata = metadata }, null);
        response.Status.Should().Be(202, response.Body);
        return response.Json!["server"]!["id"]!.ToString();
    }

    /// <summary>The few Neutron routes a sweep uses: GET and DELETE of security-groups and floatingips.</summary>
    private sealed class StubNeutron : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Dictionary<string, List<JsonObject>> _items = new() { ["security_groups"] = [], ["floatingips"] = [] };
        private readonly Lock _lock = new();

        public string Url { get; private init; } = "";

        public static StubNeutron Start()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var stub = new StubNeutron { Url = $"http://127.0.0.1:{port}/" };
            stub._listener.Prefixes.Add(stub.Url);
            stub._listener.Start();
            _ = stub.ServeAsync();
            return stub;
        }

        public void Add(string kind, JsonObject item) { lock (_lock) _items[kind].Add(item); }

        public IReadOnlyList<string> Ids(string kind) { lock (_lock) return _items[kind].Select(i => i["id"]!.ToString()).ToList(); }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                var path = context.Request.Url!.AbsolutePath.TrimEnd('/');
                var kind = path.Contains("/security-groups", StringComparison.Ordinal) ? "security_groups" : path.Contains("/floatingips", StringComparison.Ordinal) ? "floatingips" : null;
                var (status, body) = (404, "{}");
                if (kind is not null && path.StartsWith("/v2.0/", StringComparison.Ordinal))
                {
                    var id = path.Split('/').Length == 4 ? path.Split('/')[3] : null;
                    lock (_lock)
                    {
                        if (context.Request.HttpMethod == "GET" && id is null)
                            (status, body) = (200, new JsonObject { [kind] = new JsonArray(_items[kind].Select(i => (JsonNode)i.DeepClone()).ToArray()) }.ToJsonString());
                        else if (context.Request.HttpMethod == "DELETE" && id is not null && _items[kind].RemoveAll(i => i["id"]!.ToString() == id) > 0)
                            (status, body) = (204, "");
                    }
                }
                context.Response.StatusCode = status;
                var bytes = Encoding.UTF8.GetBytes(body);
                if (bytes.Length > 0) context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
