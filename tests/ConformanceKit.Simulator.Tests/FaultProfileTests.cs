using System.Net.Http;
using System.Text.Json;

namespace ConformanceKit.Simulator.Tests;

/// <summary>Each fault profile breaks the one rule it names (the faithful behaviour is covered by the other fixtures).</summary>
public sealed class FaultProfileTests
{
    private sealed record Running(NovaSimulator Sim, Api Api) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Sim.InternalErrors.Should().BeEmpty();
            Api.Dispose();
            await Sim.DisposeAsync();
        }
    }

    private static async Task<Running> StartAsync(string faults)
    {
        var sim = await NovaSimulator.StartAsync(new SimulatorOptions { Faults = FaultProfile.Parse(faults) });
        return new Running(sim, new Api(sim));
    }

    [Test]
    public async Task Wrong_code_answers_200_for_accepted_actions()
    {
        await using var running = await StartAsync("wrong-code");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        (await api.ActionAsync(id, """{"pause": null}""")).Code.Should().Be(200);
        (await api.StatusAsync(id)).Should().Be("PAUSED");
    }

    [Test]
    public async Task Missing_409_accepts_an_action_from_any_status()
    {
        await using var running = await StartAsync("missing-409");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        (await api.ActionAsync(id, """{"unpause": null}""")).Code.Should().Be(202);
    }

    [Test]
    public async Task Wrong_settled_status_leaves_the_server_where_it_was()
    {
        await using var running = await StartAsync("wrong-settled-status");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        (await api.ActionAsync(id, """{"pause": null}""")).Code.Should().Be(202);

        (await api.StatusAsync(id)).Should().Be("ACTIVE");
    }

    [Test]
    public async Task Body_where_none_adds_a_json_body_to_empty_responses()
    {
        await using var running = await StartAsync("body-where-none");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        var reply = await api.ActionAsync(id, """{"pause": null}""");

        reply.Code.Should().Be(202);
        reply.Text.Should().NotBeEmpty();
        reply.Json.Should().NotBeNull();
    }

    [Test]
    public async Task No_microversion_echo_drops_the_version_headers()
    {
        await using var running = await StartAsync("no-microversion-echo");
        var api = running.Api;

        var reply = await api.GetAsync("/v2.1/flavors", version: "2.60");

        reply.Code.Should().Be(200);
        reply.Header("OpenStack-API-Version").Should().BeNull();
        reply.Header("X-OpenStack-Nova-API-Version").Should().BeNull();
        reply.HeaderValues("Vary").Should().BeEmpty();
        reply.Header("X-OpenStack-Request-Id").Should().NotBeNull("only the version echo is broken");
    }

    [Test]
    public async Task Extra_field_adds_an_undocumented_key_to_get_server()
    {
        await using var running = await StartAsync("extra-field");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        var server = (await api.GetServerAsync(id)).Server;

        server.ContainsKey("OS-EXT-SIM:undocumented").Should().BeTrue();
    }

    [Test]
    public async Task Wrong_error_shape_drops_the_kind_wrapper()
    {
        await using var running = await StartAsync("wrong-error-shape");
        var api = running.Api;

        var reply = await api.GetServerAsync(Guid.NewGuid().ToString());

        reply.Code.Should().Be(404);
        reply.Json["itemNotFound"].Should().BeNull();
        reply.Json["code"]!.GetValue<int>().Should().Be(404);
    }

    [Test]
    public async Task Lock_ignored_lets_members_act_on_locked_servers()
    {
        await using var running = await StartAsync("lock-ignored");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();
        await api.ActionAsync(id, """{"lock": null}""", Api.Admin);

        (await api.ActionAsync(id, """{"pause": null}""")).Code.Should().Be(202);
    }

    [Test]
    public async Task Policy_open_lets_members_run_admin_only_actions()
    {
        await using var running = await StartAsync("policy-open");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        (await api.ActionAsync(id, """{"migrate": null}""")).Code.Should().Be(202);
    }

    [Test]
    public async Task No_effect_settles_a_resize_but_keeps_the_flavor_and_a_security_group_unattached()
    {
        await using var running = await StartAsync("no-effect");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        (await api.ActionAsync(id, """{"resize": {"flavorRef": "2"}}""")).Code.Should().Be(202);
        var resized = await api.PollUntilAsync(id, "VERIFY_RESIZE");
        resized.Server["flavor"]!["id"]!.GetValue<string>().Should().Be("1");
        (await api.ActionAsync(id, """{"confirmResize": null}""")).Code.Should().Be(204);
        await api.PollUntilAsync(id, "ACTIVE");
        (await api.ActionAsync(id, """{"addSecurityGroup": {"name": "extra"}}""")).Code.Should().Be(202);
        (await api.GetServerAsync(id)).Server["security_groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Should().NotContain("extra");
    }

    [Test]
    public async Task Project_open_lets_another_project_act_on_the_owners_server()
    {
        await using var running = await StartAsync("project-open");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        (await api.ActionAsync(id, """{"pause": null}""", "alice:proj2")).Code.Should().Be(202);
    }

    [Test]
    public async Task Stuck_never_finishes_a_transition()
    {
        await using var running = await StartAsync("stuck");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        await api.ActionAsync(id, """{"pause": null}""");

        for (var i = 0; i < 5; i++)
        {
            var server = (await api.GetServerAsync(id)).Server;
            server["status"]!.GetValue<string>().Should().Be("ACTIVE");
            server["OS-EXT-STS:task_state"]!.GetValue<string>().Should().Be("pausing");
        }
    }

    [Test]
    public async Task Error_on_action_ends_in_error_with_a_fault()
    {
        await using var running = await StartAsync("error-on-action");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        (await api.ActionAsync(id, """{"pause": null}""")).Code.Should().Be(202);

        var server = (await api.GetServerAsync(id)).Server;
        server["status"]!.GetValue<string>().Should().Be("ERROR");
        server["fault"]!["code"]!.GetValue<int>().Should().Be(500);
        server["fault"]!["message"]!.GetValue<string>().Should().Contain("pause");
        server["fault"]!.AsObject().ContainsKey("details").Should().BeFalse("details of a 500 fault are for admins");
    }

    [Test]
    public async Task Http_500_answers_every_action_with_a_compute_fault()
    {
        await using var running = await StartAsync("http-500");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        var reply = await api.ActionAsync(id, """{"pause": null}""");

        reply.Code.Should().Be(500);
        reply.Json["computeFault"]!["code"]!.GetValue<int>().Should().Be(500);
        (await api.StatusAsync(id)).Should().Be("ACTIVE");
    }

    [Test]
    public async Task Garbage_answers_actions_with_a_body_that_is_not_json()
    {
        await using var running = await StartAsync("garbage");
        var api = running.Api;
        var id = await api.CreateActiveServerAsync();

        var reply = await api.ActionAsync(id, """{"os-getConsoleOutput": {}}""");

        reply.Code.Should().Be(200);
        FluentActions.Invoking(() => JsonDocument.Parse(reply.Text)).Should().Throw<JsonException>();
        (await api.GetServerAsync(id)).Code.Should().Be(200, "only actions answer garbage");
    }

    [Test]
    public async Task Stuck_and_error_on_action_do_not_touch_create()
    {
        await using var running = await StartAsync("stuck,error-on-action");
        var api = running.Api;

        var id = await api.CreateActiveServerAsync();

        (await api.StatusAsync(id)).Should().Be("ACTIVE");
    }
}
