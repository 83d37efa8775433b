using System.Net.Http;
using System.Text.Json.Nodes;

namespace ConformanceKit.Simulator.Tests;

public sealed class ServerTests : SimulatorFixture
{
    [Test]
    public async Task Create_answers_202_with_location_and_nova_create_body()
    {
        var token = NewMember();
        var body = """{"server": {"name": "web 1", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1"}}""";

        var reply = await Api.SendAsync(HttpMethod.Post, "/v2.1/servers", token, body: body);

        reply.Code.Should().Be(202);
        var server = reply.Server;
        server.Select(p => p.Key).Should().BeEquivalentTo("id", "links", "OS-DCF:diskConfig", "security_groups", "adminPass");
        var id = server["id"]!.GetValue<string>();
        reply.Header("Location").Should().Be($"{Simulator.Root}v2.1/servers/{id}");
        server["security_groups"]![0]!["name"]!.GetValue<string>().Should().Be("default");
        server["adminPass"]!.GetValue<string>().Should().HaveLength(12);
        server["links"]![1]!["href"]!.GetValue<string>().Should().Be($"{Simulator.Root}servers/{id}");
    }

    [Test]
    public async Task Networks_are_required_from_2_37()
    {
        var body = """{"server": {"name": "x", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1"}}""";

        var reply = await Api.SendAsync(HttpMethod.Post, "/v2.1/servers", NewMember(), "2.37", body);

        reply.Code.Should().Be(400);
        reply.Json["badRequest"]!["message"]!.GetValue<string>().Should().Be(
            "Invalid input for field/attribute server. Value: {'name': 'x', 'imageRef': '155d900f-4e14-4e4c-a73d-069cbf4541e6', 'flavorRef': '1'}. 'networks' is a required property");
    }

    [TestCase("""{"server": {"name": "x", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "42"}}""", "Flavor 42 could not be found.")]
    [TestCase("""{"server": {"name": "x", "imageRef": "0e7e5f0e-0000-4000-8000-000000000000", "flavorRef": "1"}}""", "Can not find requested image")]
    [TestCase("""{"server": {"name": "x", "flavorRef": "1"}}""", "Missing imageRef attribute")]
    public async Task Create_rejects_unknown_flavor_and_image(string body, string message)
    {
        var reply = await Api.SendAsync(HttpMethod.Post, "/v2.1/servers", NewMember(), body: body);

        reply.Code.Should().Be(400);
        reply.Json["badRequest"]!["message"]!.GetValue<string>().Should().Be(message);
    }

    [Test]
    public async Task Quota_of_instances_is_enforced_per_project()
    {
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions { InstanceQuota = 1 });
        using var api = new Api(sim);
        await api.CreateServerAsync();

        var body = """{"server": {"name": "x", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1"}}""";
        var reply = await api.SendAsync(HttpMethod.Post, "/v2.1/servers", Api.Demo, body: body);

        reply.Code.Should().Be(403);
        reply.Json["forbidden"]!["message"]!.GetValue<string>().Should().Be("Quota exceeded for instances: Requested 1, but already used 1 of 1 instances");
    }

    [Test]
    public async Task Get_at_2_1_shows_nova_fields_and_hides_admin_ones_from_members()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var member = (await Api.GetServerAsync(id, token)).Server;
        var admin = (await Api.GetServerAsync(id, Api.Admin)).Server;

        member["status"]!.GetValue<string>().Should().Be("ACTIVE");
        member["OS-EXT-STS:vm_state"]!.GetValue<string>().Should().Be("active");
        member["OS-EXT-STS:power_state"]!.GetValue<int>().Should().Be(1);
        member.ContainsKey("OS-EXT-STS:task_state").Should().BeTrue();
        member["OS-EXT-STS:task_state"].Should().BeNull();
        member["flavor"]!["id"]!.GetValue<string>().Should().Be("1");
        member["image"]!["id"]!.GetValue<string>().Should().Be(Api.ImageId);
        member["addresses"]!["private"]![0]!["OS-EXT-IPS:type"]!.GetValue<string>().Should().Be("fixed");
        member["hostId"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{56}$");
        member["progress"]!.GetValue<int>().Should().Be(0);
        member.Select(p => p.Key).Should().NotContain(k => k.StartsWith("OS-EXT-SRV-ATTR:"));
        member.ContainsKey("locked").Should().BeFalse("locked appears at 2.9");
        admin["OS-EXT-SRV-ATTR:host"]!.GetValue<string>().Should().Be("compute1");
        admin["OS-EXT-SRV-ATTR:instance_name"]!.GetValue<string>().Should().StartWith("instance-");
        admin.ContainsKey("OS-EXT-SRV-ATTR:reservation_id").Should().BeFalse("the 2.3 attributes need 2.3");
    }

    [Test]
    public async Task Get_follows_the_microversion()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var at9 = (await Api.GetServerAsync(id, token, "2.9")).Server;
        var at47 = (await Api.GetServerAsync(id, token, "2.47")).Server;
        var at73 = (await Api.GetServerAsync(id, token, "2.73")).Server;
        var at90 = (await Api.GetServerAsync(id, token, "2.90")).Server;
        var admin16 = (await Api.GetServerAsync(id, Api.Admin, "2.16")).Server;

        at9["locked"]!.GetValue<bool>().Should().BeFalse();
        at9.ContainsKey("locked_reason").Should().BeFalse();
        at47["flavor"]!["original_name"]!.GetValue<string>().Should().Be("m1.tiny");
        at47["flavor"]!.AsObject().ContainsKey("id").Should().BeFalse();
        at73.ContainsKey("locked_reason").Should().BeTrue();
        at73["server_groups"]!.AsArray().Should().BeEmpty();
        at90["OS-EXT-SRV-ATTR:hostname"]!.GetValue<string>().Should().Be("test-server");
        admin16["host_status"]!.GetValue<string>().Should().Be("UP");
        at73.ContainsKey("host_status").Should().BeFalse("host_status is admin-only");
    }

    [Test]
    public async Task Another_project_gets_404_and_admin_sees_everything()
    {
        var id = await Api.CreateActiveServerAsync(NewMember());

        var other = await Api.GetServerAsync(id, NewMember());
        var admin = await Api.GetServerAsync(id, Api.Admin);

        other.Code.Should().Be(404);
        other.Json["itemNotFound"]!["message"]!.GetValue<string>().Should().Be($"Instance {id} could not be found.");
        admin.Code.Should().Be(200);
    }

    [TestCase("not-a-uuid")]
    [TestCase("9b1a9e1c-0000-4000-8000-000000000000")]
    public async Task Missing_server_is_404(string id)
    {
        var reply = await Api.GetServerAsync(id);

        reply.Code.Should().Be(404);
        reply.ContentType.Should().Be("application/json; charset=UTF-8");
        reply.Json["itemNotFound"]!["code"]!.GetValue<int>().Should().Be(404);
        reply.Json["itemNotFound"]!["message"]!.GetValue<string>().Should().Be($"Instance {id} could not be found.");
    }

    [Test]
    public async Task List_and_detail_filter_by_name_within_the_project()
    {
        var token = NewMember();
        var body = """{"server": {"name": "alpha-1", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1"}}""";
        await Api.SendAsync(HttpMethod.Post, "/v2.1/servers", token, body: body);
        await Api.SendAsync(HttpMethod.Post, "/v2.1/servers", token, body: body.Replace("alpha-1", "beta-1"));

        var list = await Api.GetAsync("/v2.1/servers?name=alpha", token);
        var detail = await Api.GetAsync("/v2.1/servers/detail?name=^beta", token);
        var all = await Api.GetAsync("/v2.1/servers", token);

        list.Json["servers"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().Equal("alpha-1");
        list.Json["servers"]![0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("id", "name", "links");
        detail.Json["servers"]!.AsArray().Should().ContainSingle().Which!["status"]!.GetValue<string>().Should().Be("ACTIVE");
        all.Json["servers"]!.AsArray().Should().HaveCount(2);
    }

    [Test]
    public async Task Delete_soft_deletes_then_restore_and_force_delete_work()
    {
        var token = NewMember();
        var a = await Api.CreateActiveServerAsync(token);
        var b = await Api.CreateActiveServerAsync(token);

        (await Api.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{a}", token)).Code.Should().Be(204);
        await Api.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{b}", token);
        (await Api.StatusAsync(a)).Should().Be("SOFT_DELETED");

        (await Api.ActionAsync(a, """{"restore": null}""", token)).Code.Should().Be(202);
        (await Api.StatusAsync(a)).Should().Be("ACTIVE");
        (await Api.ActionAsync(b, """{"forceDelete": null}""", token)).Code.Should().Be(202);
        (await Api.GetServerAsync(b, token)).Code.Should().Be(404);
    }

    [Test]
    public async Task Delete_without_soft_delete_removes_the_server()
    {
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions { SoftDelete = false });
        using var api = new Api(sim);
        var id = await api.CreateActiveServerAsync();

        (await api.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{id}")).Code.Should().Be(204);

        (await api.GetServerAsync(id)).Code.Should().Be(404);
        sim.Backend.FindServer(id).Should().BeNull();
    }

    [Test]
    public async Task Instance_actions_are_recorded()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        await Api.ActionAsync(id, """{"pause": null}""", token);

        var reply = await Api.GetAsync($"/v2.1/servers/{id}/os-instance-actions", token);

        reply.Json["instanceActions"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).Should().Equal("pause", "create");
    }

    [Test]
    public async Task Backend_exposes_servers_without_http()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var server = Simulator.Backend.FindServer(id)!;

        server.Status.Should().Be("ACTIVE");
        server.Host.Should().NotBeNull();
        Simulator.Backend.Servers.Should().Contain(s => s.Id == id);
    }
}

public sealed class ProjectInUrlTests : SimulatorFixture
{
    private const string Project = "6f70656e737461636b20342065766572";

    [Test]
    public async Task Hex_project_id_in_the_path_routes_and_appears_in_links()
    {
        var token = $"alice:{Project}";
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.GetAsync($"/v2.1/{Project}/servers/{id}", token);

        reply.Code.Should().Be(200);
        reply.Server["links"]![0]!["href"]!.GetValue<string>().Should().Be($"{Simulator.Root}v2.1/{Project}/servers/{id}");
    }

    [Test]
    public async Task Project_id_in_the_path_must_match_the_token()
    {
        var reply = await Api.GetAsync($"/v2.1/{Project}/servers", "bob:0123abcd");

        reply.Code.Should().Be(400);
        reply.Json["badRequest"]!["message"]!.GetValue<string>()
            .Should().Be($"Malformed request URL: URL's project_id '{Project}' doesn't match Context's project_id '0123abcd'");
    }

    [Test]
    public async Task Project_id_that_is_not_hex_does_not_route()
    {
        var reply = await Api.GetAsync("/v2.1/demo/servers", Api.Demo);

        reply.Code.Should().Be(404);
        reply.Text.Should().StartWith("404 Not Found");
    }
}
