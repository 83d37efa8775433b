using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ConformanceKit.Simulator;

namespace ConformanceKit.Simulator.Tests;

/// <summary>An HTTP reply with its body read.</summary>
public sealed record Reply(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, string Text)
{
    public int Code => (int)Status;
    public JsonNode Json => JsonNode.Parse(Text) ?? throw new InvalidOperationException("Body is JSON null.");
    public JsonObject Server => Json["server"]!.AsObject();
    public string? Header(string name) =>
        Headers.TryGetValues(name, out var v) ? string.Join(", ", v) : ContentHeaders.TryGetValues(name, out var c) ? string.Join(", ", c) : null;
    public IReadOnlyList<string> HeaderValues(string name) => Headers.TryGetValues(name, out var v) ? v.ToList() : [];
    public string? ContentType => ContentHeaders.ContentType?.ToString();
    public override string ToString() => $"{Code} {Text}";
}

/// <summary>A small Nova client for the tests: noauth2 tokens, microversion header, raw bodies.</summary>
public sealed class Api(NovaSimulator simulator) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = simulator.Root, Timeout = TimeSpan.FromSeconds(10) };

    public const string Admin = "admin:admin";
    public const string Demo = "demo:demo";

    public NovaSimulator Simulator => simulator;

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? token = Demo, string? version = null,
        string? body = null, string? contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith('/') ? path[1..] : path);
        if (token is not null) request.Headers.Add("X-Auth-Token", token);
        if (version is not null) request.Headers.Add("OpenStack-API-Version", "compute " + version);
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(k, v);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, response.Headers, response.Content.Headers, text);
    }

    public Task<Reply> GetAsync(string path, string? token = Demo, string? version = null) => SendAsync(HttpMethod.Get, path, token, version);

    public Task<Reply> GetServerAsync(string id, string? token = Demo, string? version = null) => GetAsync($"/v2.1/servers/{id}", token, version);

    public Task<Reply> ActionAsync(string id, string body, string? token = Demo, string? version = null) =>
        SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", token, version, body);

    public Task<Reply> ActionAsync(string id, JsonNode body, string? token = Demo, string? version = null) =>
        ActionAsync(id, body.ToJsonString(), token, version);

    /// <summary>Creates a server and returns its id (the create must answer 202).</summary>
    public async Task<string> CreateServerAsync(string token = Demo, string name = "test-server", string flavor = "1", string? version = null)
    {
        var body = new JsonObject
        {
            ["server"] = new JsonObject { ["name"] = name, ["imageRef"] = ImageId, ["flavorRef"] = flavor, ["networks"] = "auto" },
        };
        var reply = await SendAsync(HttpMethod.Post, "/v2.1/servers", token, version ?? "2.37", body.ToJsonString());
        if (reply.Code != 202) throw new InvalidOperationException($"create answered {reply}");
        return reply.Server["id"]!.GetValue<string>();
    }

    /// <summary>Creates a server and GETs it until it is ACTIVE (at most <paramref name="maxPolls"/> GETs; no sleeping).</summary>
    public async Task<string> CreateActiveServerAsync(string token = Demo, int maxPolls = 10)
    {
        var id = await CreateServerAsync(token);
        await PollUntilAsync(id, "ACTIVE", token, maxPolls);
        return id;
    }

    /// <summary>GETs the server until its status is <paramref name="status"/>; fails with the last status seen.</summary>
    public async Task<Reply> PollUntilAsync(string id, string status, string token = Admin, int maxPolls = 10)
    {
        Reply? last = null;
        for (var i = 0; i < maxPolls; i++)
        {
            last = await GetServerAsync(id, token);
            if (last.Code == 200 && last.Server["status"]!.GetValue<string>() == status && last.Server["OS-EXT-STS:task_state"] is null)
                return last;
        }
        throw new InvalidOperationException($"Server {id} did not reach {status} in {maxPolls} GETs; last: {last}");
    }

    public async Task<string> StatusAsync(string id, string token = Admin) => (await GetServerAsync(id, token)).Server["status"]!.GetValue<string>();

    public const string ImageId = "155d900f-4e14-4e4c-a73d-069cbf4541e6";

    public void Dispose() => _http.Dispose();
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Base for fixtures that share one simulator.</summary>
public abstract class SimulatorFixture
{
    protected NovaSimulator Simulator { get; private set; } = null!;
    protected Api Api { get; private set; } = null!;

    protected virtual SimulatorOptions Options => new();

    [OneTimeSetUp]
    public async Task StartSimulator()
    {
        Simulator = await NovaSimulator.StartAsync(Options);
        Api = new Api(Simulator);
    }

    [OneTimeTearDown]
    public async Task StopSimulator()
    {
        Simulator.InternalErrors.Should().BeEmpty("the simulator must not fail internally");
        Api.Dispose();
        await Simulator.DisposeAsync();
    }

    /// <summary>A token for a member of a project of its own, so quotas and lists of tests do not interfere.</summary>
    /// <summary>A token for the admin user scoped to a project of its own (admins are admins in every project).</summary>
    protected static string AdminOfNewProject() => $"admin:proj{Guid.NewGuid():N}";

    protected static string NewMember() => $"user{Guid.NewGuid():N}"[..12] + $":proj{Guid.NewGuid():N}";
}
