using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ConformanceKit.Cli.Commands;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// A user's mistake, or an endpoint that is not a working Nova, gives one clear line that says what was wrong and what to
/// do, the documented exit code, and no stack trace.
/// </summary>
[TestFixture]
[NonParallelizable]
public class CommandLineTests
{
    private static readonly string Features = Path.Combine(RepoRoot.Find(), "features");
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("nck-cli-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private sealed record Outcome(int Code, string Output, string Error, TimeSpan Elapsed);

    private async Task<Outcome> RunAsync(Dictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var watch = Stopwatch.StartNew();
        var code = await CommandLine.RunAsync(args, output, error, name => environment?.GetValueOrDefault(name));
        return new Outcome(code, output.ToString(), error.ToString(), watch.Elapsed);
    }

    private static void ShouldBeOneClearLine(Outcome o, string contains)
    {
        var lines = o.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle($"a user's mistake is one line; stderr was:\n{o.Error}");
        lines[0].Should().StartWith("nova-conformance: ").And.Contain(contains);
        o.Error.Should().NotContain("   at ", "no stack trace for a user's mistake");
    }

    private static Dictionary<string, string> NoAuth(string endpoint, string? timeout = null)
    {
        var env = new Dictionary<string, string> { ["OS_COMPUTE_ENDPOINT"] = endpoint, ["OS_AUTH_TYPE"] = "noauth2", ["OS_TOKEN"] = "admin:admin" };
        if (timeout is not null) env["OS_API_TIMEOUT"] = timeout;
        return env;
    }

    private string[] Run(params string[] more) => ["run", "--no-html", "--features", Features, "--results", Path.Combine(_dir, "results"), .. more];

    [Test]
    public async Task A_closed_port_exits_3_quickly_with_one_line()
    {
        var port = FreePort();
        var o = await RunAsync(NoAuth($"http://127.0.0.1:{port}/v2.1"), Run());
        o.Code.Should().Be(ExitCode.Unreachable);
        ShouldBeOneClearLine(o, $"127.0.0.1:{port} refused the connection");
        o.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [TestCase(FakeEndpoint.Mode.ServerError, "500")]
    [TestCase(FakeEndpoint.Mode.Garbage, "not JSON")]
    public async Task An_endpoint_that_is_not_a_working_Nova_exits_3_with_one_line(FakeEndpoint.Mode mode, string named)
    {
        await using var fake = FakeEndpoint.Start(mode);
        var o = await RunAsync(NoAuth(fake.Url + "/v2.1"), Run());
        o.Code.Should().Be(ExitCode.Unreachable, o.Error);
        ShouldBeOneClearLine(o, named);
    }

    [Test]
    public async Task An_endpoint_that_never_answers_exits_3_within_the_api_timeout()
    {
        await using var fake = FakeEndpoint.Start(FakeEndpoint.Mode.Silent);
        var o = await RunAsync(NoAuth(fake.Url + "/v2.1", timeout: "2"), Run());
        o.Code.Should().Be(ExitCode.Unreachable, o.Error);
        ShouldBeOneClearLine(o, "did not answer");
        o.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Test]
    public async Task Wrong_credentials_exit_2_and_never_echo_the_password()
    {
        await using var keystone = FakeEndpoint.Start(FakeEndpoint.Mode.Unauthorized);
        var clouds = Path.Combine(_dir, "clouds.yaml");
        string Cloud(string user) =>
            $"  {user}:\n    auth:\n      auth_url: {keystone.Url}/v3\n      username: {user}\n      password: s3cret-wrong\n" +
            $"      project_name: {user}\n      user_domain_name: Default\n      project_domain_name: Default\n";
        await File.WriteAllTextAsync(clouds, "clouds:\n" + Cloud("admin") + Cloud("demo"));
        var o = await RunAsync(new() { ["OS_CLIENT_CONFIG_FILE"] = clouds }, Run("--cloud", "admin", "--member-cloud", "demo"));
        o.Code.Should().Be(ExitCode.UsageOrConfiguration, o.Error);
        ShouldBeOneClearLine(o, "Authentication failed");
        (o.Error + o.Output).Should().NotContain("s3cret-wrong");
    }

    [Test]
    public async Task An_unknown_cloud_exits_2_naming_the_clouds_there()
    {
        var clouds = Path.Combine(_dir, "clouds.yaml");
        await File.WriteAllTextAsync(clouds, "clouds:\n  prod:\n    auth_type: noauth2\n    compute_endpoint: http://127.0.0.1:1/v2.1\n    auth:\n      token: admin:admin\n");
        var o = await RunAsync(new() { ["OS_CLIENT_CONFIG_FILE"] = clouds }, Run("--cloud", "staging"));
        o.Code.Should().Be(ExitCode.UsageOrConfiguration);
        ShouldBeOneClearLine(o, "Cloud 'staging' is not in");
        o.Error.Should().Contain("prod");
    }

    [Test]
    public async Task An_incomplete_environment_exits_2_naming_what_is_missing()
    {
        var o = await RunAsync(new() { ["OS_AUTH_URL"] = "http://127.0.0.1:1/v3", ["OS_USERNAME"] = "demo" }, Run());
        o.Code.Should().Be(ExitCode.UsageOrConfiguration);
        o.Error.Should().Contain("password is missing").And.NotContain("   at ");
    }

    [Test]
    public async Task A_malformed_feature_exits_2_with_file_and_line()
    {
        var features = Directory.CreateDirectory(Path.Combine(_dir, "features")).FullName;
        await File.WriteAllTextAsync(Path.Combine(features, "broken.feature"), "Feature: broken\n  Scenario: one\n    Given a server owned by the member\n  Examples without outline\n");
        var o = await RunAsync(null, Run("--features", features));
        o.Code.Should().Be(ExitCode.UsageOrConfiguration);
        o.Error.Should().Contain("broken.feature:4").And.Contain("problem(s) in the features").And.NotContain("   at ");
    }

    [Test]
    public async Task An_undefined_step_exits_2_with_a_suggested_binding()
    {
        var features = Directory.CreateDirectory(Path.Combine(_dir, "features")).FullName;
        await File.WriteAllTextAsync(Path.Combine(features, "undefined.feature"),
            "@action:pause\nFeature: undefined\n  Scenario: one\n    Given a server owned by the member\n    When the owner juggles the server 3 times\n");
        var o = await RunAsync(null, Run("--features", features));
        o.Code.Should().Be(ExitCode.UsageOrConfiguration);
        o.Error.Should().Contain("undefined.feature:5").And.Contain("[When(").And.NotContain("   at ");
    }

    [Test]
    public async Task A_tag_filter_matching_nothing_exits_2()
    {
        var o = await RunAsync(null, Run("--tags", "@action:no-such-action"));
        o.Code.Should().Be(ExitCode.UsageOrConfiguration);
        ShouldBeOneClearLine(o, "No scenario matches");
    }

    [Test]
    public async Task A_malformed_baseline_exits_2_before_any_scenario_runs()
    {
        var baseline = Path.Combine(_dir, "baseline.json");
        await File.WriteAllTextAsync(baseline, "{not json");
        var o = await RunAsync(null, Run("--baseline", baseline, "--tags", "@id:pause-normal"));
        o.Code.Should().Be(ExitCode.UsageOrConfiguration);
        ShouldBeOneClearLine(o, "not valid JSON");
        o.Output.Should().NotContain("scenarios in", "nothing ran");
    }

    [Test]
    public async Task An_unknown_option_or_command_exits_2()
    {
        ShouldBeOneClearLine(await RunAsync(null, "run", "--frobnicate"), "--frobnicate");
        (await RunAsync(null, "certify")).Code.Should().Be(ExitCode.UsageOrConfiguration);
    }

    [Test]
    public async Task Schemas_are_current_and_the_contract_tools_answer_through_the_cli()
    {
        var root = RepoRoot.Find();
        var o = await RunAsync(null, "derive-schemas", "--check", "--samples", Path.Combine(root, "samples"), "--out", Path.Combine(root, "schemas"));
        o.Code.Should().Be(0, o.Error);
        o.Output.Should().Contain("up to date");
        var usage = await RunAsync(null, "import-samples");
        usage.Code.Should().Be(ExitCode.UsageOrConfiguration);
        usage.Error.Should().Contain("--from is required");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>A loopback endpoint that misbehaves in one chosen way.</summary>
    public sealed class FakeEndpoint : IAsyncDisposable
    {
        public enum Mode { ServerError, Garbage, Silent, Unauthorized }

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _held = [];
        private Task _loop = Task.CompletedTask;

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public static FakeEndpoint Start(Mode mode)
        {
            var fake = new FakeEndpoint();
            fake._listener.Start();
            fake._loop = fake.ServeAsync(mode);
            return fake;
        }

        private async Task ServeAsync(Mode mode)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    if (mode == Mode.Silent) { lock (_held) _held.Add(client); continue; }
                    _ = AnswerAsync(client, mode);
                }
            }
            catch (OperationCanceledException) { }
            catch (SocketException) { }
        }

        private async Task AnswerAsync(TcpClient client, Mode mode)
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[16384];
                // Read the request head (and whatever body arrived with it); the answer does not depend on it.
                var read = 0;
                while (read < buffer.Length)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
                    if (n == 0) break;
                    read += n;
                    if (Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n")) break;
                }
                var (status, type, body) = mode switch
                {
                    Mode.ServerError => ("500 Internal Server Error", "application/json", "{\"computeFault\": {\"code\": 500, \"message\": \"boom\"}}"),
                    Mode.Garbage => ("200 OK", "text/html", "<html><body>It works!</body></html>"),
                    _ => ("401 Unauthorized", "application/json", "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\": \"The request you have made requires authentication.\"}}"),
                };
                var bytes = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            lock (_held) foreach (var c in _held) c.Dispose();
            await _loop;
        }
    }
}
