using System.Net.Http;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Tests;

/// <summary>One catalogue action (variant) to run: the catalogue is the test table.</summary>
public sealed record CatalogueCase(ActionDefinition Action, ActionVariant Variant)
{
    public override string ToString() => Variant.Name == "default" ? Action.Name : $"{Action.Name} ({Variant.Name})";

    /// <summary>Every action and variant of the catalogue; a default whose request a variant repeats is left out.</summary>
    public static IEnumerable<CatalogueCase> All() => ActionCatalogue.Default.Actions.SelectMany(a =>
        new[] { new CatalogueCase(a, a.Default) }
            .Where(c => !a.Variants.Values.Any(v => JsonNode.DeepEquals(v.Request, a.Default.Request)))
            .Concat(a.Variants.Values.Select(v => new CatalogueCase(a, v))));

    /// <summary>The highest microversion of the variant's window, capped at real Nova's 2.93.</summary>
    public Microversion Version => Variant.Microversions.Max is { } max && max < new Microversion(2, 93) ? max : new Microversion(2, 93);

    /// <summary>The status to start from: ACTIVE when allowed (or no precondition), else the first documented one.</summary>
    public string StartStatus => Variant.AllowedFrom is null || Variant.AllowedFrom.Contains("ACTIVE") ? "ACTIVE" : Variant.AllowedFrom[0];
}

/// <summary>Drives a server into a status and fills the catalogue's request placeholders.</summary>
public static class CatalogueDriver
{
    private static int _nextFloatingIp;

    public static async Task<string> ServerInAsync(Api api, string status, string token)
    {
        var id = await api.CreateActiveServerAsync(token);
        async Task Act(string body) => (await api.ActionAsync(id, body, token)).Code.Should().BeInRange(200, 299, body);
        switch (status)
        {
            case "ACTIVE": break;
            case "SHUTOFF": await Act("""{"os-stop": null}"""); break;
            case "PAUSED": await Act("""{"pause": null}"""); break;
            case "SUSPENDED": await Act("""{"suspend": null}"""); break;
            case "RESCUE": await Act("""{"rescue": null}"""); break;
            case "VERIFY_RESIZE": await Act("""{"resize": {"flavorRef": "2"}}"""); break;
            case "SHELVED": await Act("""{"shelve": null}"""); break;
            case "SHELVED_OFFLOADED": await Act("""{"shelve": null}"""); await api.PollUntilAsync(id, "SHELVED"); await Act("""{"shelveOffload": null}"""); break;
            case "ERROR": await Act("""{"os-resetState": {"state": "error"}}"""); break;
            case "SOFT_DELETED": (await api.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{id}", token)).Code.Should().Be(204); break;
            default: throw new ArgumentException($"No recipe to reach {status}.");
        }
        await api.PollUntilAsync(id, status);
        return id;
    }

    /// <summary>The variant's request with its ${placeholders} filled for server <paramref name="id"/>; does what the request presupposes.</summary>
    public static async Task<string> RequestAsync(Api api, CatalogueCase c, string id, string token)
    {
        var text = c.Variant.Request!.ToJsonString();
        var server = (await api.GetServerAsync(id, Api.Admin)).Server;
        var fixedIp = server["addresses"]!["private"]![0]!["addr"]!.GetValue<string>();
        var floatingIp = $"172.24.4.{10 + Interlocked.Increment(ref _nextFloatingIp) % 20}";
        var host = server["OS-EXT-SRV-ATTR:host"]?.GetValue<string>(); // none when offloaded
        var otherHost = api.Simulator.Backend.Services.First(s => s.Binary == "nova-compute" && s.Host != host).Host;
        if (c.Action.Name == "removeFloatingIp")
            (await api.ActionAsync(id, "{\"addFloatingIp\": {\"address\": \"" + floatingIp + "\"}}", token, "2.43")).Code.Should().Be(202);
        return text
            .Replace("${securityGroup}", c.Action.Name == "removeSecurityGroup" ? "default" : "extra")
            .Replace("${floatingIp}", floatingIp)
            .Replace("${networkId}", "3cb9bc59-5699-4588-a4b1-b87f96708bc6")
            .Replace("${fixedIp}", fixedIp)
            .Replace("${otherHost}", otherHost)
            .Replace("${password}", "n3w-pass")
            .Replace("${otherFlavor}", "2")
            .Replace("${name}", "made-by-" + c.Action.Name)
            .Replace("${image}", Api.ImageId)
            .Replace("${reason}", "catalogue test");
    }

    /// <summary>Evacuate needs its source host down; returns an undo.</summary>
    public static async Task<Func<Task>> HostDownIfNeededAsync(Api api, CatalogueCase c, string id)
    {
        if (c.Action.Name != "evacuate") return () => Task.CompletedTask;
        var host = (await api.GetServerAsync(id, Api.Admin)).Server["OS-EXT-SRV-ATTR:host"]!.GetValue<string>();
        var service = api.Simulator.Backend.Services.Single(s => s.Host == host && s.Binary == "nova-compute");
        (await api.SendAsync(HttpMethod.Put, $"/v2.1/os-services/{service.Uuid}", Api.Admin, "2.53", """{"forced_down": true}""")).Code.Should().Be(200);
        return async () =>
        {
            api.Simulator.Backend.RestartCompute(host);
            (await api.SendAsync(HttpMethod.Put, $"/v2.1/os-services/{service.Uuid}", Api.Admin, "2.53", """{"forced_down": false}""")).Code.Should().Be(200);
        };
    }
}

/// <summary>Every action of the catalogue, run from a status it is allowed from: normal code, then the documented settlement.</summary>
public sealed class CatalogueDrivenTests : SimulatorFixture
{
    protected override SimulatorOptions Options => new() { EnabledConsoles = ConsoleKinds.All };

    private static IEnumerable<TestCaseData> Cases() => CatalogueCase.All().Select(c => new TestCaseData(c).SetName($"Catalogue action {c}"));

    [TestCaseSource(nameof(Cases))]
    public async Task Action_answers_its_normal_code_and_settles_as_documented(CatalogueCase c)
    {
        var before = c.StartStatus;
        var token = AdminOfNewProject();
        var id = await CatalogueDriver.ServerInAsync(Api, before, token);
        var undo = await CatalogueDriver.HostDownIfNeededAsync(Api, c, id);
        var body = await CatalogueDriver.RequestAsync(Api, c, id, token);

        var reply = await Api.ActionAsync(id, body, token, c.Version.ToString());

        if (c.Action.Name == "resetNetwork")
        {
            reply.Code.Should().Be(410, "real Nova removed resetNetwork");
            return;
        }
        reply.Code.Should().Be(c.Action.NormalCode, reply.Text);
        var expected = c.Variant.Settles.After(before);
        var after = await Api.GetServerAsync(id, Api.Admin);
        if (expected is null) after.Code.Should().Be(404);
        else
        {
            after.Server["status"]!.GetValue<string>().Should().Be(expected);
            after.Server["OS-EXT-STS:task_state"].Should().BeNull();
        }
        await undo();
    }
}

/// <summary>With AfterPolls(2) the first GET after an action shows its transitional status and task_state from the catalogue.</summary>
public sealed class TransitionalStatusTests : SimulatorFixture
{
    protected override SimulatorOptions Options => new() { Progression = Progression.AfterPolls(2) };

    private static IEnumerable<TestCaseData> Cases() => CatalogueCase.All()
        .Where(c => c.Variant.TransitionalStatus is not null || c.Variant.TaskState is not null)
        .Select(c => new TestCaseData(c).SetName($"Transition of {c}"));

    [TestCaseSource(nameof(Cases))]
    public async Task First_poll_shows_the_transition_and_the_second_the_settled_status(CatalogueCase c)
    {
        var before = c.StartStatus;
        var token = AdminOfNewProject();
        var id = await CatalogueDriver.ServerInAsync(Api, before, token);
        var undo = await CatalogueDriver.HostDownIfNeededAsync(Api, c, id);
        var body = await CatalogueDriver.RequestAsync(Api, c, id, token);

        (await Api.ActionAsync(id, body, token, c.Version.ToString())).Code.Should().Be(c.Action.NormalCode);

        var first = (await Api.GetServerAsync(id, Api.Admin)).Server;
        if (c.Variant.TransitionalStatus is { } transitional) first["status"]!.GetValue<string>().Should().Be(transitional);
        if (c.Variant.TaskState is { } task) first["OS-EXT-STS:task_state"]!.GetValue<string>().Should().Be(task);
        var second = (await Api.GetServerAsync(id, Api.Admin)).Server;
        second["status"]!.GetValue<string>().Should().Be(c.Variant.Settles.After(before));
        second["OS-EXT-STS:task_state"].Should().BeNull();
        await undo();
    }
}
