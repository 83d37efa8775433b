using System.Net.Http;
using System.Text.Json.Nodes;

namespace ConformanceKit.Simulator.Tests;

public sealed class ActionTests : SimulatorFixture
{
    private static string Message(Reply r, string kind) => r.Json[kind]!["message"]!.GetValue<string>();

    [Test]
    public async Task Pause_settles_to_paused_immediately()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, """{"pause": null}""", token);

        reply.Code.Should().Be(202);
        reply.Text.Should().BeEmpty();
        reply.ContentType.Should().Be("application/json");
        var server = (await Api.GetServerAsync(id, token)).Server;
        server["status"]!.GetValue<string>().Should().Be("PAUSED");
        server["OS-EXT-STS:vm_state"]!.GetValue<string>().Should().Be("paused");
        server["OS-EXT-STS:power_state"]!.GetValue<int>().Should().Be(3);
    }

    [Test]
    public async Task Unpause_from_active_is_a_409_with_nova_message()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, """{"unpause": null}""", token);

        reply.Code.Should().Be(409);
        reply.ContentType.Should().Be("application/json; charset=UTF-8");
        Message(reply, "conflictingRequest").Should().Be($"Cannot 'unpause' instance {id} while it is in vm_state active");
        reply.Json["conflictingRequest"]!["code"]!.GetValue<int>().Should().Be(409);
    }

    [Test]
    public async Task Os_start_uses_nova_short_name_in_the_conflict()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, """{"os-start": null}""", token);

        Message(reply, "conflictingRequest").Should().Be($"Cannot 'start' instance {id} while it is in vm_state active");
    }

    [Test]
    public async Task Locked_server_refuses_members_and_admits_admins()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        (await Api.ActionAsync(id, """{"lock": null}""", Api.Admin)).Code.Should().Be(202);

        var member = await Api.ActionAsync(id, """{"pause": null}""", token);
        var admin = await Api.ActionAsync(id, """{"pause": null}""", Api.Admin);

        member.Code.Should().Be(409);
        Message(member, "conflictingRequest").Should().Be($"Instance {id} is locked");
        admin.Code.Should().Be(202);
        (await Api.GetServerAsync(id, token, "2.9")).Server["locked"]!.GetValue<bool>().Should().BeTrue();
    }

    [Test]
    public async Task Member_cannot_unlock_an_admin_lock()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        await Api.ActionAsync(id, """{"lock": null}""", Api.Admin);

        var reply = await Api.ActionAsync(id, """{"unlock": null}""", token);

        reply.Code.Should().Be(403);
        Message(reply, "forbidden").Should().Be("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.");
    }

    [Test]
    public async Task Owner_lock_blocks_the_owner_too_and_the_owner_can_unlock()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        await Api.ActionAsync(id, """{"lock": null}""", token);

        (await Api.ActionAsync(id, """{"pause": null}""", token)).Code.Should().Be(409);
        (await Api.ActionAsync(id, """{"unlock": null}""", token)).Code.Should().Be(202);
        (await Api.ActionAsync(id, """{"pause": null}""", token)).Code.Should().Be(202);
    }

    [Test]
    public async Task Lock_reason_is_kept_from_2_73_and_ignored_before()
    {
        var token = NewMember();
        var a = await Api.CreateActiveServerAsync(token);
        var b = await Api.CreateActiveServerAsync(token);

        (await Api.ActionAsync(a, """{"lock": {"locked_reason": "maintenance"}}""", token, "2.73")).Code.Should().Be(202);
        (await Api.ActionAsync(b, """{"lock": {"locked_reason": "maintenance"}}""", token, "2.72")).Code.Should().Be(202);

        var locked = (await Api.GetServerAsync(a, token, "2.73")).Server;
        locked["locked"]!.GetValue<bool>().Should().BeTrue();
        locked["locked_reason"]!.GetValue<string>().Should().Be("maintenance");
        (await Api.GetServerAsync(b, token, "2.73")).Server["locked_reason"].Should().BeNull();
        await Api.ActionAsync(a, """{"unlock": null}""", token, "2.73");
        (await Api.GetServerAsync(a, token, "2.73")).Server["locked_reason"].Should().BeNull();
    }

    [Test]
    public async Task Lock_body_is_validated_from_2_73()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, """{"lock": {"reason": "x"}}""", token, "2.73");

        reply.Code.Should().Be(400);
        Message(reply, "badRequest").Should().Be("Invalid input for field/attribute lock. Value: {'reason': 'x'}. Additional properties are not allowed ('reason' was unexpected)");
    }

    [Test]
    public async Task Member_gets_403_for_migrate_with_nova_policy_message()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, """{"migrate": null}""", token);

        reply.Code.Should().Be(403);
        Message(reply, "forbidden").Should().Be("Policy doesn't allow os_compute_api:os-migrate-server:migrate to be performed.");
    }

    [Test]
    public async Task Action_on_missing_server_is_404()
    {
        var id = Guid.NewGuid().ToString();

        var reply = await Api.ActionAsync(id, """{"pause": null}""");

        reply.Code.Should().Be(404);
        Message(reply, "itemNotFound").Should().Be($"Instance {id} could not be found.");
    }

    [TestCase("""{"fooBar": null}""", "There is no such action: fooBar")]
    [TestCase("""{"pause": null, "unpause": null}""", "Malformed request body")]
    [TestCase("""{"pause": nul""", "Malformed request body")]
    [TestCase("", "Malformed request body")]
    [TestCase("{}", "Malformed request body")]
    [TestCase("""{"reboot": {"type": "GENTLE"}}""", "Invalid input for field/attribute type. Value: GENTLE. 'GENTLE' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']")]
    [TestCase("""{"reboot": {}}""", "Invalid input for field/attribute reboot. Value: {}. 'type' is a required property")]
    [TestCase("""{"reboot": null}""", "Invalid input for field/attribute reboot. Value: None. None is not of type 'object'")]
    [TestCase("""{"os-getConsoleOutput": {"length": -2}}""", "Invalid input for field/attribute length. Value: -2. -2 is less than the minimum of -1")]
    [TestCase("""{"createImage": {"name": " spaced"}}""", "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.")]
    public async Task Bad_bodies_are_400_with_nova_messages(string body, string message)
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, body, token);

        reply.Code.Should().Be(400);
        Message(reply, "badRequest").Should().Be(message);
    }

    [Test]
    public async Task A_bare_json_value_is_not_routed()
    {
        var id = await Api.CreateActiveServerAsync();

        var reply = await Api.ActionAsync(id, "null");

        reply.Code.Should().Be(404);
        Message(reply, "itemNotFound").Should().Be("The resource could not be found.");
    }

    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task Unsupported_content_type_is_415(string contentType)
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", token, body: """{"pause": null}""", contentType: contentType);

        reply.Code.Should().Be(415);
        Message(reply, "badMediaType").Should().Be("Unsupported Content-Type");
        reply.Header("OpenStack-API-Version").Should().Be("compute 2.1");
    }

    [Test]
    public async Task Actions_outside_their_microversion_window_are_404()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var crash = await Api.ActionAsync(id, """{"trigger_crash_dump": null}""", token, "2.16");
        var fip = await Api.ActionAsync(id, """{"addFloatingIp": {"address": "172.24.4.10"}}""", token, "2.44");

        crash.Code.Should().Be(404);
        Message(crash, "itemNotFound").Should().Be("The resource could not be found.");
        fip.Code.Should().Be(404);
        (await Api.ActionAsync(id, """{"trigger_crash_dump": null}""", token, "2.17")).Code.Should().Be(202);
    }

    [Test]
    public async Task Reset_network_is_gone()
    {
        var id = await Api.CreateActiveServerAsync();

        var reply = await Api.ActionAsync(id, """{"resetNetwork": null}""", Api.Admin);

        reply.Code.Should().Be(410);
        Message(reply, "computeFault").Should().Be("This resource is no longer available. No forwarding address is given.");
    }

    [Test]
    public async Task Rescue_answers_200_with_the_admin_password()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, """{"rescue": {"adminPass": "s3cret"}}""", token);

        reply.Code.Should().Be(200);
        reply.Json["adminPass"]!.GetValue<string>().Should().Be("s3cret");
        (await Api.StatusAsync(id)).Should().Be("RESCUE");
        (await Api.ActionAsync(id, """{"unrescue": null}""", token)).Code.Should().Be(202);
        (await Api.StatusAsync(id)).Should().Be("ACTIVE");
    }

    [Test]
    public async Task Resize_keeps_the_old_flavor_for_revert_and_confirm_answers_204()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        (await Api.ActionAsync(id, """{"resize": {"flavorRef": "2"}}""", token)).Code.Should().Be(202);
        var resized = (await Api.GetServerAsync(id, token)).Server;
        resized["status"]!.GetValue<string>().Should().Be("VERIFY_RESIZE");
        resized["flavor"]!["id"]!.GetValue<string>().Should().Be("2");
        (await Api.ActionAsync(id, """{"revertResize": null}""", token)).Code.Should().Be(202);
        var reverted = (await Api.GetServerAsync(id, token)).Server;
        reverted["status"]!.GetValue<string>().Should().Be("ACTIVE");
        reverted["flavor"]!["id"]!.GetValue<string>().Should().Be("1");

        await Api.ActionAsync(id, """{"resize": {"flavorRef": "2"}}""", token);
        var confirm = await Api.ActionAsync(id, """{"confirmResize": null}""", token);
        confirm.Code.Should().Be(204);
        confirm.Text.Should().BeEmpty();
        (await Api.GetServerAsync(id, token)).Server["flavor"]!["id"]!.GetValue<string>().Should().Be("2");
    }

    [Test]
    public async Task Resize_to_the_same_flavor_is_refused()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, """{"resize": {"flavorRef": "1"}}""", token);

        reply.Code.Should().Be(400);
        Message(reply, "badRequest").Should().Be("When resizing, instances must change flavor!");
    }

    [Test]
    public async Task Migrate_moves_to_the_other_host_after_confirm()
    {
        var id = await Api.CreateActiveServerAsync(Api.Admin);
        var before = (await Api.GetServerAsync(id, Api.Admin)).Server["OS-EXT-SRV-ATTR:host"]!.GetValue<string>();

        (await Api.ActionAsync(id, """{"migrate": null}""", Api.Admin)).Code.Should().Be(202);
        (await Api.ActionAsync(id, """{"confirmResize": null}""", Api.Admin)).Code.Should().Be(204);

        var after = (await Api.GetServerAsync(id, Api.Admin)).Server;
        after["status"]!.GetValue<string>().Should().Be("ACTIVE");
        after["OS-EXT-SRV-ATTR:host"]!.GetValue<string>().Should().NotBe(before);
    }

    [Test]
    public async Task Create_image_returns_a_glance_location_before_2_45_and_an_image_id_from_2_45()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var old = await Api.ActionAsync(id, """{"createImage": {"name": "snap-1"}}""", token, "2.44");
        var @new = await Api.ActionAsync(id, """{"createImage": {"name": "snap-2", "metadata": {"k": "v"}}}""", token, "2.45");

        old.Code.Should().Be(202);
        old.Text.Should().BeEmpty();
        old.Header("Location").Should().MatchRegex("^http://localhost:9292/images/[0-9a-f-]{36}$");
        old.ContentType.Should().Be("text/html; charset=UTF-8");
        @new.Header("Location").Should().BeNull();
        var imageId = @new.Json["image_id"]!.GetValue<string>();
        var image = (await Api.GetAsync($"/v2.1/images/{imageId}", token)).Json["image"]!;
        image["metadata"]!["image_type"]!.GetValue<string>().Should().Be("snapshot");
        image["metadata"]!["k"]!.GetValue<string>().Should().Be("v");
        image["server"]!["id"]!.GetValue<string>().Should().Be(id);
    }

    [Test]
    public async Task Create_backup_uses_the_compute_image_url_and_rotates()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var first = await Api.ActionAsync(id, """{"createBackup": {"name": "b1", "backup_type": "daily", "rotation": 1}}""", token);
        await Api.ActionAsync(id, """{"createBackup": {"name": "b2", "backup_type": "daily", "rotation": 1}}""", token);

        first.Header("Location").Should().MatchRegex($"^{Simulator.Root}v2.1/images/[0-9a-f-]{{36}}$");
        var backups = (await Api.GetAsync("/v2.1/images/detail", token)).Json["images"]!.AsArray()
            .Where(i => i!["metadata"]!["image_type"]?.GetValue<string>() == "backup").ToList();
        backups.Should().ContainSingle().Which!["name"]!.GetValue<string>().Should().Be("b2");
    }

    [Test]
    public async Task Console_output_returns_the_last_lines()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var all = await Api.ActionAsync(id, """{"os-getConsoleOutput": {}}""", token);
        var two = await Api.ActionAsync(id, """{"os-getConsoleOutput": {"length": "2"}}""", token);

        all.Code.Should().Be(200);
        all.Json["output"]!.GetValue<string>().Split('\n').Should().HaveCount(12).And.Contain(l => l.Contains(id));
        two.Json["output"]!.GetValue<string>().Split('\n').Should().HaveCount(2);
    }

    [Test]
    public async Task Only_vnc_consoles_are_enabled_by_default()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var vnc = await Api.ActionAsync(id, """{"os-getVNCConsole": {"type": "novnc"}}""", token);
        var spice = await Api.ActionAsync(id, """{"os-getSPICEConsole": {"type": "spice-html5"}}""", token);

        vnc.Code.Should().Be(200);
        vnc.Json["console"]!["url"]!.GetValue<string>().Should().StartWith("http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D");
        spice.Code.Should().Be(400);
        Message(spice, "badRequest").Should().Be("Unavailable console type spice-html5.");
    }

    [Test]
    public async Task Rebuild_answers_the_server_view_with_admin_pass_and_location()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        var reply = await Api.ActionAsync(id, "{\"rebuild\": {\"imageRef\": \"" + Api.ImageId + "\", \"adminPass\": \"pw\"}}", token);

        reply.Code.Should().Be(202);
        reply.Server.Select(p => p.Key).Should().BeEquivalentTo(
            "id", "name", "status", "tenant_id", "user_id", "metadata", "hostId", "image", "flavor", "created", "updated",
            "addresses", "accessIPv4", "accessIPv6", "links", "OS-DCF:diskConfig", "progress", "adminPass");
        reply.Server["adminPass"]!.GetValue<string>().Should().Be("pw");
        reply.Server["status"]!.GetValue<string>().Should().Be("REBUILD", "the view is built right after the rebuild is accepted");
        reply.Header("Location").Should().Be($"{Simulator.Root}v2.1/servers/{id}");
        (await Api.StatusAsync(id)).Should().Be("ACTIVE");
    }

    [Test]
    public async Task Security_groups_and_floating_ips_can_be_added_and_removed()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);

        (await Api.ActionAsync(id, """{"addSecurityGroup": {"name": "extra"}}""", token)).Code.Should().Be(202);
        var groups = (await Api.GetServerAsync(id, token)).Server["security_groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>());
        groups.Should().BeEquivalentTo("default", "extra");
        var missing = await Api.ActionAsync(id, """{"removeSecurityGroup": {"name": "nope"}}""", token);
        Message(missing, "itemNotFound").Should().StartWith("Security group nope is not found for project");
        (await Api.ActionAsync(id, """{"removeSecurityGroup": {"name": "extra"}}""", token)).Code.Should().Be(202);

        (await Api.ActionAsync(id, """{"addFloatingIp": {"address": "172.24.4.29"}}""", token)).Code.Should().Be(202);
        var addresses = (await Api.GetServerAsync(id, token)).Server["addresses"]!["private"]!.AsArray();
        addresses.Should().Contain(a => a!["OS-EXT-IPS:type"]!.GetValue<string>() == "floating" && a["addr"]!.GetValue<string>() == "172.24.4.29");
        (await Api.ActionAsync(id, """{"removeFloatingIp": {"address": "172.24.4.29"}}""", token)).Code.Should().Be(202);
        var again = await Api.ActionAsync(id, """{"removeFloatingIp": {"address": "172.24.4.29"}}""", token);
        again.Code.Should().Be(409);
        Message(again, "conflictingRequest").Should().Be($"Floating IP 172.24.4.29 is not associated with instance {id}.");
    }

    [Test]
    public async Task Shelve_then_offload_clears_the_host_and_unshelve_brings_it_back()
    {
        var id = await Api.CreateActiveServerAsync(Api.Admin);

        await Api.ActionAsync(id, """{"shelve": null}""", Api.Admin);
        (await Api.StatusAsync(id)).Should().Be("SHELVED");
        await Api.ActionAsync(id, """{"shelveOffload": null}""", Api.Admin);
        var offloaded = (await Api.GetServerAsync(id, Api.Admin)).Server;
        offloaded["status"]!.GetValue<string>().Should().Be("SHELVED_OFFLOADED");
        offloaded["OS-EXT-SRV-ATTR:host"].Should().BeNull();
        await Api.ActionAsync(id, """{"unshelve": null}""", Api.Admin);
        var back = (await Api.GetServerAsync(id, Api.Admin)).Server;
        back["status"]!.GetValue<string>().Should().Be("ACTIVE");
        back["OS-EXT-SRV-ATTR:host"]!.GetValue<string>().Should().NotBeNull();
    }

    [Test]
    public async Task Reset_state_sets_error_and_active()
    {
        var id = await Api.CreateActiveServerAsync(Api.Admin);

        (await Api.ActionAsync(id, """{"os-resetState": {"state": "error"}}""", Api.Admin)).Code.Should().Be(202);
        (await Api.StatusAsync(id)).Should().Be("ERROR");
        (await Api.ActionAsync(id, """{"os-resetState": {"state": "active"}}""", Api.Admin)).Code.Should().Be(202);
        (await Api.StatusAsync(id)).Should().Be("ACTIVE");
    }

    [Test]
    public async Task Change_password_on_a_locked_server_gets_nova_generic_invalid_state_message()
    {
        var token = NewMember();
        var id = await Api.CreateActiveServerAsync(token);
        await Api.ActionAsync(id, """{"lock": null}""", Api.Admin);

        var reply = await Api.ActionAsync(id, """{"changePassword": {"adminPass": "x"}}""", token);

        reply.Code.Should().Be(409);
        Message(reply, "conflictingRequest").Should().Be($"Instance {id} is in an invalid state for 'changePassword'");
    }
}

public sealed class EvacuateTests : SimulatorFixture
{
    [Test]
    public async Task Evacuate_follows_the_reference_recipe()
    {
        var id = await Api.CreateActiveServerAsync(Api.Admin);
        var source = (await Api.GetServerAsync(id, Api.Admin)).Server["OS-EXT-SRV-ATTR:host"]!.GetValue<string>();
        var up = await Api.ActionAsync(id, """{"evacuate": {}}""", Api.Admin, "2.29");
        up.Code.Should().Be(400);
        up.Json["badRequest"]!["message"]!.GetValue<string>().Should().Be($"Compute service of {source} is still in use.");

        var services = await Api.GetAsync($"/v2.1/os-services?binary=nova-compute&host={source}", Api.Admin, "2.53");
        var serviceId = services.Json["services"]![0]!["id"]!.GetValue<string>();
        var down = await Api.SendAsync(HttpMethod.Put, $"/v2.1/os-services/{serviceId}", Api.Admin, "2.53", """{"forced_down": true}""");
        down.Code.Should().Be(200);
        down.Json["service"]!["state"]!.GetValue<string>().Should().Be("down");

        var evacuated = await Api.ActionAsync(id, """{"evacuate": {}}""", Api.Admin, "2.29");
        evacuated.Code.Should().Be(200);
        evacuated.Text.Should().BeEmpty();
        var moved = (await Api.GetServerAsync(id, Api.Admin)).Server;
        moved["status"]!.GetValue<string>().Should().Be("ACTIVE");
        moved["OS-EXT-SRV-ATTR:host"]!.GetValue<string>().Should().NotBe(source);

        var stillDone = await Api.SendAsync(HttpMethod.Put, $"/v2.1/os-services/{serviceId}", Api.Admin, "2.53", """{"forced_down": false}""");
        stillDone.Code.Should().Be(400);
        stillDone.Json["badRequest"]!["message"]!.GetValue<string>().Should().StartWith($"Unable to force up host {source} as `done` evacuation");
        (await Api.SendAsync(HttpMethod.Post, $"/_control/computes/{source}/restart", token: null, body: "")).Code.Should().Be(204);
        (await Api.SendAsync(HttpMethod.Put, $"/v2.1/os-services/{serviceId}", Api.Admin, "2.53", """{"forced_down": false}""")).Code.Should().Be(200);
    }

    [Test]
    public async Task Evacuate_before_2_14_returns_the_admin_password()
    {
        var id = await Api.CreateActiveServerAsync(Api.Admin);
        var host = (await Api.GetServerAsync(id, Api.Admin)).Server["OS-EXT-SRV-ATTR:host"]!.GetValue<string>();
        await Api.SendAsync(HttpMethod.Put, "/v2.1/os-services/force-down", Api.Admin, "2.11",
            $$"""{"host": "{{host}}", "binary": "nova-compute", "forced_down": true}""");

        var reply = await Api.ActionAsync(id, """{"evacuate": {"onSharedStorage": false}}""", Api.Admin, "2.13");

        reply.Code.Should().Be(200);
        reply.Json["adminPass"]!.GetValue<string>().Should().NotBeEmpty();
        Simulator.Backend.RestartCompute(host).Should().BeTrue();
        await Api.SendAsync(HttpMethod.Put, "/v2.1/os-services/force-down", Api.Admin, "2.11",
            $$"""{"host": "{{host}}", "binary": "nova-compute", "forced_down": false}""");
    }

    [Test]
    public async Task Services_list_is_admin_only()
    {
        var reply = await Api.GetAsync("/v2.1/os-services");

        reply.Code.Should().Be(403);
        reply.Json["forbidden"]!["message"]!.GetValue<string>().Should().Be("Policy doesn't allow os_compute_api:os-services:list to be performed.");
    }
}
