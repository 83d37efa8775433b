using System.Net.Http;

namespace ConformanceKit.Simulator.Tests;

/// <summary>Places where real Nova's code says something the api-ref or the catalogue does not.</summary>
public sealed class NovaQuirkTests : SimulatorFixture
{
    private static string Message(Reply r) => r.Json.AsObject().First().Value!["message"]!.GetValue<string>();

    [Test]
    public async Task Create_image_ignores_the_lock_as_nova_does()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        await Api.ActionAsync(id, """{"lock": null}""", Api.Admin);

        (await Api.ActionAsync(id, """{"createImage": {"name": "while-locked"}}""", token)).Code.Should().Be(202);
    }

    [Test]
    public async Task Add_fixed_ip_on_a_locked_server_escapes_as_500()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        await Api.ActionAsync(id, """{"lock": null}""", Api.Admin);

        var reply = await Api.ActionAsync(id, """{"addFixedIp": {"networkId": "3cb9bc59-5699-4588-a4b1-b87f96708bc6"}}""", token);

        reply.Code.Should().Be(500);
        Message(reply).Should().StartWith("Unexpected API Error.").And.EndWith("<class 'nova.exception.InstanceIsLocked'>");
    }

    [Test]
    public async Task Restore_of_a_locked_server_gets_the_generic_invalid_state_message()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        await Api.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{id}", token);
        await Api.ActionAsync(id, """{"lock": null}""", Api.Admin);

        var reply = await Api.ActionAsync(id, """{"restore": null}""", token);

        reply.Code.Should().Be(409);
        Message(reply).Should().Be($"Instance {id} is in an invalid state for 'restore'");
    }

    [Test]
    public async Task Console_length_minus_one_drops_the_first_line_and_zero_gives_nothing()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var minusOne = await Api.ActionAsync(id, """{"os-getConsoleOutput": {"length": -1}}""", token);
        var zero = await Api.ActionAsync(id, """{"os-getConsoleOutput": {"length": 0}}""", token);

        minusOne.Json["output"]!.GetValue<string>().Split('\n').Should().HaveCount(11);
        zero.Json["output"]!.GetValue<string>().Should().BeEmpty();
    }

    [Test]
    public async Task Console_output_of_an_offloaded_server_is_a_409()
    {
        var id = await Api.CreateActiveServerAsync(Api.Admin);
        await Api.ActionAsync(id, """{"shelve": null}""", Api.Admin);
        await Api.ActionAsync(id, """{"shelveOffload": null}""", Api.Admin);

        var reply = await Api.ActionAsync(id, """{"os-getConsoleOutput": {}}""", Api.Admin);

        reply.Code.Should().Be(409);
        Message(reply).Should().Be($"Instance {id} is not ready");
    }

    [Test]
    public async Task Remove_floating_ip_checks_the_address_before_the_server()
    {
        var reply = await Api.ActionAsync(Guid.NewGuid().ToString(), """{"removeFloatingIp": {"address": "10.9.9.9"}}""");

        reply.Code.Should().Be(404);
        Message(reply).Should().Be("Floating IP not found for address 10.9.9.9.");
    }

    [Test]
    public async Task Missing_content_type_is_accepted_as_eventlet_fills_in_text_plain()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", token, body: """{"pause": null}""", contentType: null);

        reply.Code.Should().Be(202);
    }

    [Test]
    public async Task Force_delete_works_from_any_state()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        (await Api.ActionAsync(id, """{"forceDelete": null}""", token)).Code.Should().Be(202);

        (await Api.GetServerAsync(id, token)).Code.Should().Be(404);
    }

    [Test]
    public async Task Change_password_shows_password_status_while_it_runs()
    {
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions { Progression = Progression.AfterPolls(2) });
        using var api = new Api(sim);
        var id = await api.CreateServerAsync();
        await api.PollUntilAsync(id, "ACTIVE");

        await api.ActionAsync(id, """{"changePassword": {"adminPass": "n3w"}}""");

        (await api.StatusAsync(id)).Should().Be("PASSWORD");
        (await api.StatusAsync(id)).Should().Be("ACTIVE");
    }

    [Test]
    public async Task Evacuate_from_2_95_leaves_the_server_shut_off()
    {
        await using var sim = await NovaSimulator.StartAsync(new SimulatorOptions());
        using var api = new Api(sim);
        var id = await api.CreateActiveServerAsync(Api.Admin);
        var host = (await api.GetServerAsync(id, Api.Admin)).Server["OS-EXT-SRV-ATTR:host"]!.GetValue<string>();
        var service = sim.Backend.Services.Single(s => s.Host == host && s.Binary == "nova-compute");
        await api.SendAsync(HttpMethod.Put, $"/v2.1/os-services/{service.Uuid}", Api.Admin, "2.53", """{"forced_down": true}""");

        (await api.ActionAsync(id, """{"evacuate": {}}""", Api.Admin, "2.95")).Code.Should().Be(200);

        (await api.StatusAsync(id)).Should().Be("SHUTOFF");
    }
}

public sealed class UnshelveTests : SimulatorFixture
{
    [Test]
    public async Task Unshelve_to_a_host_needs_an_offloaded_server_and_an_admin()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        await Api.ActionAsync(id, """{"shelve": null}""", token);

        var notOffloaded = await Api.ActionAsync(id, """{"unshelve": {"host": "compute2"}}""", Api.Admin, "2.91");
        await Api.ActionAsync(id, """{"shelveOffload": null}""", Api.Admin);
        var member = await Api.ActionAsync(id, """{"unshelve": {"host": "compute2"}}""", token, "2.91");
        var admin = await Api.ActionAsync(id, """{"unshelve": {"host": "compute2"}}""", Api.Admin, "2.91");

        notOffloaded.Code.Should().Be(409);
        notOffloaded.Json["conflictingRequest"]!["message"]!.GetValue<string>().Should().Be(
            $"Specifying an availability zone or a host when unshelving server \"{id}\" with status \"shelved\" is not supported. The server status must be SHELVED_OFFLOADED.");
        member.Code.Should().Be(403);
        admin.Code.Should().Be(202);
        (await Api.GetServerAsync(id, Api.Admin)).Server["OS-EXT-SRV-ATTR:host"]!.GetValue<string>().Should().Be("compute2");
    }
}
