using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;

namespace ConformanceKit.Contracts.Tests;

public class SchemaRegistryTests
{
    private static Microversion Mv(string s) => Microversion.Parse(s);

    [TestCase("2.74", "server.rebuild/2.73-2.74.json")]
    [TestCase("2.75", "server.rebuild/2.75-2.95.json")]
    [TestCase("2.89", "server.rebuild/2.75-2.95.json")]
    [TestCase("2.90", "server.rebuild/2.75-2.95.json")]
    public void Rebuild_changes_shape_at_2_75(string mv, string file) =>
        Repo.Registry.Select(Operations.ServerRebuild, Mv(mv))!.File.Should().Be(file);

    [Test]
    public void Rebuild_before_2_75_is_the_reduced_view_and_from_2_75_the_full_one()
    {
        var reduced = Repo.Registry.Select(Operations.ServerRebuild, Mv("2.74"))!.Json;
        var full = Repo.Registry.Select(Operations.ServerRebuild, Mv("2.75"))!.Json;
        reduced.Should().NotContain("OS-EXT-STS:vm_state").And.NotContain("OS-SRV-USG:launched_at");
        full.Should().Contain("OS-EXT-STS:vm_state").And.Contain("OS-SRV-USG:launched_at").And.Contain("adminPass");
    }

    [TestCase("2.2", "server.get/2.1-2.2.json")]
    [TestCase("2.3", "server.get/2.3-2.8.json")]
    [TestCase("2.9", "server.get/2.9-2.15.json")]
    [TestCase("2.10", "server.get/2.9-2.15.json")]
    [TestCase("2.15", "server.get/2.9-2.15.json")]
    [TestCase("2.16", "server.get/2.16-2.18.json")]
    [TestCase("2.100", "server.get/2.100-2.104.json")]
    public void Microversions_compare_as_numbers_not_text(string mv, string file) =>
        Repo.Registry.Select(Operations.ServerGet, Mv(mv))!.File.Should().Be(file);

    [Test]
    public void An_operation_without_a_body_at_a_microversion_selects_nothing()
    {
        Repo.Registry.Select(Operations.ActionResponse("createImage"), Mv("2.44")).Should().BeNull();
        Repo.Registry.Select(Operations.ActionResponse("createImage"), Mv("2.45")).Should().NotBeNull();
        Repo.Registry.Select(Operations.ActionResponse("evacuate"), Mv("2.13")).Should().NotBeNull();
        Repo.Registry.Select(Operations.ActionResponse("evacuate"), Mv("2.14")).Should().BeNull();
    }

    [Test]
    public void Microversion_independent_operations_select_the_same_schema_everywhere()
    {
        Repo.Registry.Select(Operations.Error, Mv("2.1"))!.File.Should().Be("error/any.json");
        Repo.Registry.Select(Operations.Error, Mv("2.93"))!.File.Should().Be("error/any.json");
        Repo.Registry.Select(Operations.Versions, Mv("2.50"))!.File.Should().Be("versions/any.json");
    }

    [Test]
    public void Beyond_the_newest_known_microversion_nothing_is_selected_but_the_validator_judges_against_the_newest()
    {
        Repo.Registry.KnownMax.Should().Be(Mv("2.104"));
        Repo.Registry.Select(Operations.ServerGet, Mv("2.105")).Should().BeNull();
        var result = new ContractValidator(Repo.Registry).Validate(Operations.ActionRequest("pause"), Mv("2.105"), "{\"pause\": null}");
        result.IsValid.Should().BeTrue();
        result.Notes.Should().ContainSingle().Which.Should().Contain("2.105").And.Contain("2.104");
    }

    [Test]
    public void An_unknown_operation_is_a_clear_error()
    {
        var act = () => Repo.Registry.Select("server.teleport", Mv("2.1"));
        act.Should().Throw<SchemaRegistryException>().WithMessage("*'server.teleport'*Known operations:*server.get*");
    }

    [Test]
    public void Loading_a_folder_without_an_index_is_a_one_line_error()
    {
        var dir = Repo.TempDir();
        try
        {
            var act = () => SchemaRegistry.Load(dir);
            act.Should().Throw<SchemaRegistryException>().Which.Message.Should().Contain("index.json").And.Contain("derive-schemas").And.NotContain("\n");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void The_built_in_schemas_are_the_committed_ones()
    {
        var builtIn = SchemaRegistry.Default;
        builtIn.Entries.Select(e => (e.Operation, e.Range, e.File)).Should().Equal(Repo.Registry.Entries.Select(e => (e.Operation, e.Range, e.File)));
        foreach (var e in builtIn.Entries) e.Json.Should().Be(Repo.Registry.Entries.First(x => x.File == e.File).Json, e.File);
    }

    [Test]
    public void Ranges_of_an_operation_never_overlap_and_leave_no_gap()
    {
        foreach (var op in Repo.Registry.Operations)
        {
            var ranges = Repo.Registry.RangesOf(op);
            for (var i = 1; i < ranges.Count; i++)
                ranges[i].Range.Min.Should().Be(ranges[i - 1].Range.Max!.Value.Next, $"{op}: {ranges[i - 1].Range} then {ranges[i].Range}");
        }
    }
}
