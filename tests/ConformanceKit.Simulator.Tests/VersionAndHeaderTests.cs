using System.Net.Http;

namespace ConformanceKit.Simulator.Tests;

public sealed class VersionAndHeaderTests : SimulatorFixture
{
    [Test]
    public async Task Root_lists_v2_0_supported_and_v2_1_current_with_the_version_range()
    {
        var reply = await Api.GetAsync("/", token: null);

        reply.Code.Should().Be(200);
        var versions = reply.Json["versions"]!.AsArray();
        versions.Select(v => v!["id"]!.GetValue<string>()).Should().Equal("v2.0", "v2.1");
        versions[0]!["status"]!.GetValue<string>().Should().Be("SUPPORTED");
        var v21 = versions[1]!;
        v21["status"]!.GetValue<string>().Should().Be("CURRENT");
        v21["version"]!.GetValue<string>().Should().Be("2.100");
        v21["min_version"]!.GetValue<string>().Should().Be("2.1");
        v21["links"]![0]!["href"]!.GetValue<string>().Should().Be($"{Simulator.Root}v2.1/");
    }

    [Test]
    public async Task V2_1_document_is_the_same_version_entry_with_media_types()
    {
        var reply = await Api.GetAsync("/v2.1/");

        reply.Code.Should().Be(200);
        var version = reply.Json["version"]!;
        version["id"]!.GetValue<string>().Should().Be("v2.1");
        version["version"]!.GetValue<string>().Should().Be("2.100");
        version["min_version"]!.GetValue<string>().Should().Be("2.1");
        version["media-types"]![0]!["type"]!.GetValue<string>().Should().Be("application/vnd.openstack.compute+json;version=2.1");
    }

    [Test]
    public async Task Endpoint_points_at_v2_1_on_loopback()
    {
        Simulator.Endpoint.ToString().Should().MatchRegex(@"^http://127\.0\.0\.1:\d+/v2\.1$");
        Simulator.Root.Port.Should().BeGreaterThan(0);
        (await Api.GetAsync(Simulator.Endpoint + "/flavors")).Code.Should().Be(200);
    }

    [Test]
    public async Task Without_a_version_header_the_request_runs_at_2_1_and_the_version_is_echoed()
    {
        var reply = await Api.GetAsync("/v2.1/flavors");

        reply.Header("OpenStack-API-Version").Should().Be("compute 2.1");
        reply.Header("X-OpenStack-Nova-API-Version").Should().Be("2.1");
        reply.HeaderValues("Vary").Should().BeEquivalentTo("OpenStack-API-Version", "X-OpenStack-Nova-API-Version");
        reply.Header("X-OpenStack-Request-Id").Should().MatchRegex("^req-[0-9a-f-]{36}$");
        reply.Header("X-Compute-Request-Id").Should().Be(reply.Header("X-OpenStack-Request-Id"));
    }

    [TestCase("2.53", "compute 2.53")]
    [TestCase("latest", "compute 2.100")]
    public async Task Requested_version_is_echoed(string requested, string echoed)
    {
        var reply = await Api.GetAsync("/v2.1/flavors", version: requested);

        reply.Code.Should().Be(200);
        reply.Header("OpenStack-API-Version").Should().Be(echoed);
    }

    [Test]
    public async Task Legacy_header_negotiates_too()
    {
        var reply = await Api.SendAsync(HttpMethod.Get, "/v2.1/flavors", headers: new Dictionary<string, string> { ["X-OpenStack-Nova-API-Version"] = "2.25" });

        reply.Header("X-OpenStack-Nova-API-Version").Should().Be("2.25");
    }

    [Test]
    public async Task Version_above_the_maximum_is_refused_with_406_and_nova_message()
    {
        var reply = await Api.GetAsync("/v2.1/flavors", version: "2.101");

        reply.Code.Should().Be(406);
        reply.ContentType.Should().Be("application/json; charset=UTF-8");
        reply.Json["computeFault"]!["code"]!.GetValue<int>().Should().Be(406);
        reply.Json["computeFault"]!["message"]!.GetValue<string>()
            .Should().Be("Version 2.101 is not supported by the API. Minimum is 2.1 and maximum is 2.100.");
        reply.Header("OpenStack-API-Version").Should().Be("compute 2.101", "Nova records the requested version before refusing it");
    }

    [Test]
    public async Task Malformed_version_string_is_a_400()
    {
        var reply = await Api.GetAsync("/v2.1/flavors", version: "2.01");

        reply.Code.Should().Be(400);
        reply.Json["badRequest"]!["message"]!.GetValue<string>().Should().Be("API Version String 2.01 is of invalid format. Must be of format MajorNum.MinorNum.");
        reply.Header("OpenStack-API-Version").Should().BeNull();
    }

    [Test]
    public async Task Errors_carry_the_version_and_request_id_headers()
    {
        var reply = await Api.GetServerAsync(Guid.NewGuid().ToString(), version: "2.60");

        reply.Code.Should().Be(404);
        reply.Header("OpenStack-API-Version").Should().Be("compute 2.60");
        reply.HeaderValues("Vary").Should().HaveCount(2);
        reply.Header("X-Compute-Request-Id").Should().StartWith("req-");
    }

    [Test]
    public async Task Unknown_route_is_webob_404_plain_or_json_by_accept()
    {
        var plain = await Api.GetAsync("/v2.1/no-such-thing");
        var json = await Api.SendAsync(HttpMethod.Get, "/v2.1/servers/x/action", headers: new Dictionary<string, string> { ["Accept"] = "application/json" });

        plain.Code.Should().Be(404);
        plain.Text.Should().StartWith("404 Not Found");
        json.Code.Should().Be(404, "the action route exists for POST only");
        json.Json["code"]!.GetValue<string>().Should().Be("404 Not Found");
        json.Json["title"]!.GetValue<string>().Should().Be("Not Found");
        json.Header("OpenStack-API-Version").Should().BeNull("webob answers before Nova's Resource negotiates");
    }

    [Test]
    public async Task Missing_token_gets_keystone_style_401()
    {
        var reply = await Api.GetAsync("/v2.1/servers", token: null);

        reply.Code.Should().Be(401);
        reply.Json["error"]!["title"]!.GetValue<string>().Should().Be("Unauthorized");
        reply.Json["error"]!["message"]!.GetValue<string>().Should().Be("The request you have made requires authentication.");
        reply.Header("WWW-Authenticate").Should().StartWith("Keystone uri=");
    }

    [Test]
    public async Task Flavors_list_detail_and_show()
    {
        var list = await Api.GetAsync("/v2.1/flavors");
        var detail = await Api.GetAsync("/v2.1/flavors/detail", version: "2.75");
        var one = await Api.GetAsync("/v2.1/flavors/2");
        var missing = await Api.GetAsync("/v2.1/flavors/99");

        list.Json["flavors"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).Should().Contain(["1", "2"]);
        detail.Json["flavors"]![0]!["swap"]!.GetValue<int>().Should().Be(0);
        one.Json["flavor"]!["name"]!.GetValue<string>().Should().Be("m1.small");
        one.Json["flavor"]!["swap"]!.GetValue<string>().Should().Be("", "swap is an empty string before 2.75");
        missing.Json["itemNotFound"]!["message"]!.GetValue<string>().Should().Be("Flavor 99 could not be found.");
    }

    [Test]
    public async Task Images_are_listed_until_2_35_and_gone_from_2_36()
    {
        var list = await Api.GetAsync("/v2.1/images");
        var gone = await Api.GetAsync("/v2.1/images", version: "2.36");
        var one = await Api.GetAsync($"/v2.1/images/{Api.ImageId}");

        list.Json["images"]!.AsArray().Should().NotBeEmpty();
        one.Json["image"]!["status"]!.GetValue<string>().Should().Be("ACTIVE");
        gone.Code.Should().Be(404);
        gone.Json["itemNotFound"]!["message"]!.GetValue<string>().Should().Be("The resource could not be found.");
    }
}

public sealed class LegacyNoAuthTests : SimulatorFixture
{
    protected override SimulatorOptions Options => new() { MissingToken = MissingTokenBehaviour.LegacyNoAuth, MaxVersion = new(2, 93) };

    [Test]
    public async Task Missing_token_gets_noauth2_legacy_204()
    {
        var reply = await Api.GetAsync("/v2.1/servers", token: null);

        reply.Code.Should().Be(204);
        reply.Header("X-Auth-Token").Should().Be("admin:admin");
        reply.Header("X-Server-Management-Url").Should().EndWith("/v2.1/servers");
    }

    [Test]
    public async Task Maximum_version_is_configurable()
    {
        var reply = await Api.GetAsync("/v2.1/flavors", version: "2.94");

        reply.Code.Should().Be(406);
        reply.Json["computeFault"]!["message"]!.GetValue<string>().Should().EndWith("Minimum is 2.1 and maximum is 2.93.");
    }
}
