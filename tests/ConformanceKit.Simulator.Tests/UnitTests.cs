using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Simulator.Backend;
using ConformanceKit.Simulator.Validation;

namespace ConformanceKit.Simulator.Tests;

public sealed class SchemaValidatorTests
{
    private static string? Violation(string action, string body, string version = "2.1")
    {
        var schema = NovaSchemas.ForAction(action, Microversion.Parse(version)) ?? throw new ArgumentException($"{action} has no schema at {version}");
        try
        {
            SchemaValidator.Validate(schema, JsonNode.Parse(body));
            return null;
        }
        catch (SchemaViolation e)
        {
            return e.Message;
        }
    }

    [TestCase("reboot", """{"reboot": {"type": "HARD"}}""")]
    [TestCase("reboot", """{"reboot": {"type": "soft"}}""")]
    [TestCase("createBackup", """{"createBackup": {"name": "b", "backup_type": "daily", "rotation": "2"}}""")]
    [TestCase("os-getConsoleOutput", """{"os-getConsoleOutput": {"length": null}}""")]
    [TestCase("rescue", """{"rescue": null}""")]
    [TestCase("addFloatingIp", """{"addFloatingIp": {"address": "2001:db8::1"}}""")]
    [TestCase("trigger_crash_dump", """{"trigger_crash_dump": null}""")]
    public void Valid_bodies_pass(string action, string body) => Violation(action, body).Should().BeNull();

    [TestCase("createBackup", """{"createBackup": {"name": "b", "backup_type": "daily", "rotation": -1}}""",
        "Invalid input for field/attribute rotation. Value: -1. -1 is less than the minimum of 0")]
    [TestCase("createBackup", """{"createBackup": {"name": "b", "rotation": 1}}""",
        "Invalid input for field/attribute createBackup. Value: {'name': 'b', 'rotation': 1}. 'backup_type' is a required property")]
    [TestCase("changePassword", """{"changePassword": {"adminPass": 5}}""",
        "Invalid input for field/attribute adminPass. Value: 5. 5 is not of type 'string'")]
    [TestCase("os-resetState", """{"os-resetState": {"state": "paused"}}""",
        "Invalid input for field/attribute state. Value: paused. 'paused' is not one of ['active', 'error']")]
    [TestCase("addFloatingIp", """{"addFloatingIp": {"address": "not-an-ip"}}""",
        "Invalid input for field/attribute address. Value: not-an-ip. 'not-an-ip' is not valid under any of the given schemas")]
    [TestCase("trigger_crash_dump", """{"trigger_crash_dump": {}}""",
        "Invalid input for field/attribute trigger_crash_dump. Value: {}. {} is not of type 'null'")]
    [TestCase("rebuild", """{"rebuild": {"imageRef": "nope"}}""",
        "Invalid input for field/attribute imageRef. Value: nope. 'nope' is not a 'uuid'")]
    [TestCase("os-getVNCConsole", """{"os-getVNCConsole": {"type": "spice", "x": 1}}""",
        "Invalid input for field/attribute type. Value: spice. 'spice' is not one of ['novnc', 'xvpvnc']")]
    public void Violations_read_like_nova(string action, string body, string message) => Violation(action, body).Should().Be(message);

    [Test]
    public void Schemas_follow_the_microversion()
    {
        NovaSchemas.ForAction("lock", new Microversion(2, 72)).Should().BeNull("lock has no schema before 2.73");
        NovaSchemas.ForAction("lock", new Microversion(2, 73)).Should().NotBeNull();
        Violation("evacuate", """{"evacuate": {}}""", "2.13").Should().Contain("'onSharedStorage' is a required property");
        Violation("evacuate", """{"evacuate": {}}""", "2.14").Should().BeNull();
        Violation("os-migrateLive", """{"os-migrateLive": {"host": null, "block_migration": "auto"}}""", "2.24").Should().NotBeNull();
        Violation("os-migrateLive", """{"os-migrateLive": {"host": null, "block_migration": "auto"}}""", "2.25").Should().BeNull();
    }

    [Test]
    public void Every_schema_belongs_to_a_catalogue_action()
    {
        NovaSchemas.ValidatedActions.Should().OnlyContain(a => ActionCatalogue.Default.Find(a) != null);
    }
}

public sealed class ActionRuleTests
{
    private static readonly ActionRules Rules = new(ActionCatalogue.Default);

    [Test]
    public void Every_catalogue_action_has_nova_facts_and_no_fact_is_orphaned()
    {
        Rules.Facts.Keys.Should().BeEquivalentTo(ActionCatalogue.Default.Actions.Select(a => a.Name));
    }

    [Test]
    public void Overrides_only_exist_where_real_nova_differs_from_the_catalogue()
    {
        foreach (var (name, facts) in Rules.Facts.Where(f => f.Value.AllowedFromOverride is not null || f.Value.AnyState))
        {
            var catalogue = ActionCatalogue.Default[name].AllowedFrom;
            facts.OverrideReason.Should().NotBeNullOrEmpty(name);
            if (facts.AnyState) catalogue.Should().NotBeNull($"{name}: an 'any state' override of an action without precondition is pointless");
            else (catalogue is null || !catalogue.ToHashSet().SetEquals(facts.AllowedFromOverride!)).Should().BeTrue($"{name}: the override repeats the catalogue");
        }
    }

    [Test]
    public void Admin_only_actions_match_nova_policy_names()
    {
        var admin = ActionCatalogue.Default.Actions.Where(a => a.Policy == ActionPolicy.Admin).Select(a => a.Name);
        admin.Should().BeEquivalentTo("shelveOffload", "evacuate", "injectNetworkInfo", "resetNetwork", "os-resetState", "migrate", "os-migrateLive");
        Rules.For("migrate").Facts.PolicyRule.Should().Be("os_compute_api:os-migrate-server:migrate");
    }

    [Test]
    public void Every_status_the_simulator_shows_is_in_the_catalogue_with_its_kind()
    {
        // The simulator maps (vm_state, task_state) to a status on its own, as Nova does; the catalogue's statuses.json
        // says which statuses exist and which are transitional. This holds the two against each other.
        var vmStates = typeof(VmStates).GetFields().Where(f => f.FieldType == typeof(string)).Select(f => (string)f.GetValue(null)!).ToList();
        var taskStates = typeof(TaskStates).GetFields().Where(f => f.FieldType == typeof(string)).Select(f => (string?)f.GetValue(null)).Append(null).ToList();
        foreach (var vm in vmStates)
        foreach (var task in taskStates)
        {
            var status = new ConformanceKit.Core.ServerStatus(StatusFromState.From(vm, task));
            status.IsKnown.Should().BeTrue($"({vm}, {task ?? "null"}) shows {status}, which catalogue/statuses.json does not list");
            if (task is null && vm is not VmStates.Building)
                status.IsTransitional.Should().BeFalse($"({vm}, null) rests in {status}; statuses.json calls it transitional");
            else if (status.Value != StatusFromState.From(vm, null))
                status.IsTransitional.Should().BeTrue($"({vm}, {task}) shows {status} while Nova works; statuses.json must list it as transitional");
        }
    }

    [Test]
    public void Status_comes_from_vm_state_and_task_state_as_in_nova()
    {
        StatusFromState.From(VmStates.Active, null).Should().Be("ACTIVE");
        StatusFromState.From(VmStates.Active, TaskStates.RebootPendingHard).Should().Be("HARD_REBOOT");
        StatusFromState.From(VmStates.Stopped, TaskStates.ResizePrep).Should().Be("RESIZE");
        StatusFromState.From(VmStates.Resized, TaskStates.ResizeReverting).Should().Be("REVERT_RESIZE");
        StatusFromState.From(VmStates.Paused, TaskStates.RebootPendingHard).Should().Be("PAUSED");
        StatusFromState.From(VmStates.Active, TaskStates.UpdatingPassword).Should().Be("PASSWORD");
    }

    [Test]
    public void Reboot_variants_have_their_own_preconditions()
    {
        Rules.For("reboot", "SOFT").AllowedVmStates.Should().BeEquivalentTo(VmStates.Active);
        Rules.For("reboot", "HARD").AllowedVmStates.Should().Contain([VmStates.Paused, VmStates.Stopped, VmStates.Error]);
        Rules.For("reboot", "HARD").TaskRule.Should().Be(TaskRule.AllowReboot);
    }

    [Test]
    public void Host_id_is_nova_sha224_of_project_and_host()
    {
        ConformanceKit.Simulator.Http.Views.HostId("compute1", "demo").Should().Be("2b64589406850361fc953a920f48f5d20e5436ef50300112c1f55134");
        ConformanceKit.Simulator.Http.Views.HostId(null, "demo").Should().BeEmpty();
    }
}
