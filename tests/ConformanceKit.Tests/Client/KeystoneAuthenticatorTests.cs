using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ConformanceKit.Client.Auth;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Client.Http;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Tests.Client;

/// <summary>Keystone v3 auth against a scripted Keystone on 127.0.0.1: request bodies, catalog lookup, refresh, refusals.</summary>
[TestFixture]
public class KeystoneAuthenticatorTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Answers every POST /v3/auth/tokens with a token, a catalog of two regions and three interfaces, and records each body.</summary>
    private sealed class FakeKeystone : IDisposable
    {
        private readonly HttpListener _listener = new();
        public List<JsonNode> Requests { get; } = [];
        public int Status { get; set; } = 201;
        public Func<DateTimeOffset> ExpiresAt { get; set; } = () => DateTimeOffset.UtcNow.AddHours(1);
        public string Url { get; }

        public FakeKeystone()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/v3";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = ServeAsync();
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                using var reader = new StreamReader(context.Request.InputStream);
                var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
                lock (Requests) Requests.Add(body);
                string answer;
                context.Response.StatusCode = Status;
                if (Status == 201)
                {
                    context.Response.Headers["X-Subject-Token"] = $"tok-{Requests.Count}";
                    answer = new JsonObject
                    {
                        ["token"] = new JsonObject
                        {
                            ["expires_at"] = ExpiresAt().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"),
                            ["project"] = new JsonObject { ["id"] = "p-1" },
                            ["user"] = new JsonObject { ["id"] = "u-1" },
                            ["catalog"] = new JsonArray(
                                new JsonObject { ["type"] = "identity", ["endpoints"] = new JsonArray() },
                                new JsonObject
                                {
                                    ["type"] = "compute",
                                    ["endpoints"] = new JsonArray(
                                        Endpoint("public", "RegionOne", "https://nova.one.example/v2.1"),
                                        Endpoint("internal", "RegionOne", "http://nova.one.internal:8774/v2.1"),
                                        Endpoint("public", "RegionTwo", "https://nova.two.example/v2.1")),
                                }),
                        },
                    }.ToJsonString();
                }
                else answer = """{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}""";
                var bytes = Encoding.UTF8.GetBytes(answer);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        private static JsonObject Endpoint(string iface, string region, string url) =>
            new() { ["interface"] = iface, ["region_id"] = region, ["region"] = region, ["url"] = url };

        public void Dispose() => _listener.Close();
    }

    private static (KeystoneAuthenticator Auth, SecretMasker Masker) Create(CloudConfig config, TimeProvider? clock = null)
    {
        var masker = new SecretMasker();
        var http = new NovaHttp(config, masker);
        return ((KeystoneAuthenticator)Authenticator.For(config, http, clock), masker);
    }

    private static CloudConfig Password(FakeKeystone k) => new()
    {
        Source = "test", AuthType = AuthType.Password, AuthUrl = new Uri(k.Url), Username = "demo", Password = "pw-demo",
        ProjectName = "demo", UserDomainName = "Default", ProjectDomainName = "Default",
    };

    [Test]
    public async Task Password_auth_sends_a_scoped_password_request_and_finds_the_public_compute_endpoint()
    {
        using var keystone = new FakeKeystone();
        var (auth, masker) = Create(Password(keystone));
        var session = await auth.GetSessionAsync();
        session.Token.Should().Be("tok-1");
        session.ComputeEndpoint.Should().Be(new Uri("https://nova.one.example/v2.1"));
        session.ProjectId.Should().Be("p-1");
        var request = keystone.Requests.Single()["auth"]!;
        request["identity"]!["methods"]!.AsArray().Select(m => m!.ToString()).Should().Equal("password");
        request["identity"]!["password"]!["user"]!["name"]!.ToString().Should().Be("demo");
        request["identity"]!["password"]!["user"]!["domain"]!["name"]!.ToString().Should().Be("Default");
        request["scope"]!["project"]!["name"]!.ToString().Should().Be("demo");
        masker.MaskText("token tok-1 and pw-demo").Should().NotContain("tok-1").And.NotContain("pw-demo");
    }

    [TestCase("internal", "RegionOne", "http://nova.one.internal:8774/v2.1")]
    [TestCase("public", "RegionTwo", "https://nova.two.example/v2.1")]
    public async Task Interface_and_region_pick_the_compute_endpoint(string iface, string region, string expected)
    {
        using var keystone = new FakeKeystone();
        var (auth, _) = Create(Password(keystone) with { Interface = iface, RegionName = region });
        (await auth.GetSessionAsync()).ComputeEndpoint.Should().Be(new Uri(expected));
    }

    [Test]
    public async Task A_missing_interface_names_what_the_catalog_has()
    {
        using var keystone = new FakeKeystone();
        var (auth, _) = Create(Password(keystone) with { Interface = "admin", RegionName = "RegionTwo" });
        var act = () => auth.GetSessionAsync();
        (await act.Should().ThrowAsync<AuthenticationException>()).Which.Message
            .Should().Contain("no 'admin' endpoint in region 'RegionTwo'").And.Contain("internal@RegionOne");
    }

    [Test]
    public async Task Application_credentials_carry_their_own_scope()
    {
        using var keystone = new FakeKeystone();
        var (auth, masker) = Create(new CloudConfig
        {
            Source = "test", AuthType = AuthType.ApplicationCredential, AuthUrl = new Uri(keystone.Url),
            ApplicationCredentialId = "ac-1", ApplicationCredentialSecret = "ac-secret", ProjectName = "ignored",
        });
        await auth.GetSessionAsync();
        var request = keystone.Requests.Single()["auth"]!.AsObject();
        request["identity"]!["methods"]!.AsArray().Select(m => m!.ToString()).Should().Equal("application_credential");
        request["identity"]!["application_credential"]!["id"]!.ToString().Should().Be("ac-1");
        request.ContainsKey("scope").Should().BeFalse();
        masker.MaskText("ac-secret").Should().NotContain("ac-secret");
    }

    [Test]
    public async Task Token_auth_rescopes_an_existing_token()
    {
        using var keystone = new FakeKeystone();
        var (auth, _) = Create(new CloudConfig
        {
            Source = "test", AuthType = AuthType.Token, AuthUrl = new Uri(keystone.Url), Token = "existing", ProjectId = "p-9",
        });
        await auth.GetSessionAsync();
        var request = keystone.Requests.Single()["auth"]!;
        request["identity"]!["token"]!["id"]!.ToString().Should().Be("existing");
        request["scope"]!["project"]!["id"]!.ToString().Should().Be("p-9");
    }

    [Test]
    public async Task A_token_is_reused_until_it_nears_expiry_then_renewed()
    {
        using var keystone = new FakeKeystone();
        var clock = new Clock(DateTimeOffset.UtcNow);
        keystone.ExpiresAt = () => clock.Now.AddMinutes(30);
        var (auth, _) = Create(Password(keystone), clock);
        (await auth.GetSessionAsync()).Token.Should().Be("tok-1");
        clock.Now = clock.Now.AddMinutes(20);
        (await auth.GetSessionAsync()).Token.Should().Be("tok-1", "10 minutes are left, more than the refresh margin");
        clock.Now = clock.Now.AddMinutes(6);
        (await auth.GetSessionAsync()).Token.Should().Be("tok-2", "4 minutes are left, less than the 5-minute margin");
        keystone.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task Refused_credentials_say_what_to_check_without_the_password()
    {
        using var keystone = new FakeKeystone { Status = 401 };
        var (auth, _) = Create(Password(keystone));
        var act = () => auth.GetSessionAsync();
        var message = (await act.Should().ThrowAsync<AuthenticationException>()).Which.Message;
        message.Should().Contain("refused the credentials").And.Contain("HTTP 401").And.NotContain("pw-demo");
    }

    /// <summary>
    /// A Keystone at the socket level: the first <paramref name="drop"/> connections are closed once the request has been
    /// read, with no answer; later ones get a token. Returns its URL and the count of requests read.
    /// </summary>
    private static (string Url, Func<int> Requests, IDisposable Stop) DroppingKeystone(int drop)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var count = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
                using (client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    var read = new StringBuilder();
                    // Headers, then the body named by Content-Length.
                    while (!read.ToString().Contains("\r\n\r\n")) { var n = await stream.ReadAsync(buffer); if (n == 0) break; read.Append(Encoding.ASCII.GetString(buffer, 0, n)); }
                    var text = read.ToString();
                    var length = int.Parse(System.Text.RegularExpressions.Regex.Match(text, "Content-Length: *(\\d+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase).Groups[1].Value);
                    while (Encoding.ASCII.GetByteCount(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]) < length) { var n = await stream.ReadAsync(buffer); if (n == 0) break; text += Encoding.ASCII.GetString(buffer, 0, n); }
                    if (Interlocked.Increment(ref count) <= drop) continue;   // closed without a word
                    var body = """{"token": {"expires_at": "2099-01-01T00:00:00.000000Z", "project": {"id": "p-1"}, "user": {"id": "u-1"}, "catalog": []}}""";
                    var answer = $"HTTP/1.1 201 Created\r\nX-Subject-Token: tok-{count}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(answer));
                }
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return ($"http://127.0.0.1:{port}/v3", () => Volatile.Read(ref count), listener);
    }

    private static CloudConfig PasswordAt(string url) => new()
    {
        Source = "test", AuthType = AuthType.Password, AuthUrl = new Uri(url), Username = "demo", Password = "pw-demo",
        ProjectName = "demo", UserDomainName = "Default", ProjectDomainName = "Default", ComputeEndpoint = new Uri("http://127.0.0.1:9/v2.1"),
    };

    [Test]
    public async Task A_token_request_whose_connection_closes_without_an_answer_is_sent_once_more()
    {
        var (url, requests, stop) = DroppingKeystone(drop: 1);
        using var _ = stop;
        var (auth, _) = Create(PasswordAt(url));
        var session = await auth.GetSessionAsync();
        session.Token.Should().Be("tok-2");
        requests().Should().Be(2);
    }

    [Test]
    public async Task A_Keystone_that_keeps_closing_the_connection_is_unreachable_after_the_one_retry()
    {
        var (url, requests, stop) = DroppingKeystone(drop: 10);
        using var _ = stop;
        var (auth, _) = Create(PasswordAt(url));
        var e = (await FluentActions.Awaiting(() => auth.GetSessionAsync()).Should().ThrowAsync<EndpointUnreachableException>()).Which;
        e.Message.Should().Contain("could not be reached");
        requests().Should().Be(2, "one retry, not a loop");
    }
}
