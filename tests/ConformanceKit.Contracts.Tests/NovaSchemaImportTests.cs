using System.Text.Json.Nodes;
using ConformanceKit.Contracts.NovaSchemas;
using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;

namespace ConformanceKit.Contracts.Tests;

/// <summary>import-nova-schemas: Nova's own schemas, stored with provenance, deterministically.</summary>
public class NovaSchemaImportTests
{
    /// <summary>Nova master's schemas: the shared reference copy beside the repository (as CI lays it) or the workplace's.</summary>
    private static string MasterTree => new[] { Path.Combine(Repo.Root, "..", "shared", "reference", "nova-schemas"), "/work/shared/reference/nova-schemas" }
        .FirstOrDefault(Directory.Exists) ?? "../shared/reference/nova-schemas";

    [Test]
    public void The_committed_imports_carry_their_provenance_and_licence()
    {
        foreach (var name in new[] { NovaSchemaSet.Master, NovaSchemaSet.Epoxy })
        {
            var set = NovaSchemaSet.Load(Path.Combine(Repo.Root, NovaSchemaImporter.DefaultOutput, name));
            set.Provenance["license"]!.GetValue<string>().Should().Be("Apache-2.0");
            set.Provenance["source"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
            set.Bindings.Should().NotBeEmpty();
            set.Bindings.Should().OnlyContain(b => File.Exists(Path.Combine(set.Folder, b.File)), "every binding names a stored schema");
        }
        NovaSchemaSet.Load(Path.Combine(Repo.Root, NovaSchemaImporter.DefaultOutput, NovaSchemaSet.Master)).MaxMicroversion.Should().Be(Microversion.Parse("2.104"));
        NovaSchemaSet.Load(Path.Combine(Repo.Root, NovaSchemaImporter.DefaultOutput, NovaSchemaSet.Epoxy)).MaxMicroversion.Should().Be(Microversion.Parse("2.100"));
    }

    [Test]
    public void Microversion_ranges_come_from_the_decorators()
    {
        var set = NovaSchemaSet.Load(Path.Combine(Repo.Root, NovaSchemaImporter.DefaultOutput, NovaSchemaSet.Master));
        set.Select(Operations.ActionRequest("unshelve"), Microversion.Parse("2.76"))!.Schema.Should().Be("shelve.unshelve");
        set.Select(Operations.ActionRequest("unshelve"), Microversion.Parse("2.77"))!.Schema.Should().Be("shelve.unshelve_v277");
        set.Select(Operations.ActionRequest("unshelve"), Microversion.Parse("2.91"))!.Schema.Should().Be("shelve.unshelve_v291");
        set.Select(Operations.ServerGet, Microversion.Parse("2.9"))!.Schema.Should().Be("servers.show_response_v29");
        set.Select(Operations.ServerGet, Microversion.Parse("2.104"))!.Schema.Should().Be("servers.show_response_v2100");
        set.Select(Operations.ActionResponse("createImage"), Microversion.Parse("2.45"))!.Schema.Should().Be("servers.create_image_response_v245");
    }

    [Test]
    public void Importing_the_same_tree_twice_gives_the_same_bytes()
    {
        if (!Directory.Exists(MasterTree)) Assert.Ignore($"{MasterTree} (Nova master's schemas) is not on this machine");
        var script = Path.Combine(Repo.Root, NovaSchemaImporter.Script);
        var a = NovaSchemaImporter.Import(NovaSchemaImporter.Evaluate("python3", script, MasterTree), "test", "nova-master");
        var b = NovaSchemaImporter.Import(NovaSchemaImporter.Evaluate("python3", script, MasterTree), "test", "nova-master");
        a.Files.Should().Equal(b.Files);
        var committed = Path.Combine(Repo.Root, NovaSchemaImporter.DefaultOutput, NovaSchemaSet.Master);
        foreach (var (rel, content) in a.Files.Where(f => f.Key != "provenance.json"))
            File.ReadAllText(Path.Combine(committed, rel)).Should().Be(content, $"{rel} is committed as the importer writes it (re-import to refresh)");
    }

    [Test]
    public void A_folder_without_nova_is_a_one_line_error()
    {
        var err = new StringWriter();
        NovaSchemaImporter.Run(["--from", Repo.TempDir()], new StringWriter(), err).Should().Be(2);
        err.ToString().Trim().Should().StartWith("import-nova-schemas:").And.Contain("nova/api/openstack/compute/schemas").And.NotContain("\n");
        NovaSchemaImporter.Run(["--to", "x"], new StringWriter(), err).Should().Be(2);
    }

    [Test]
    public void Unshelve_before_2_77_accepts_any_value_as_Nova_does()
    {
        var kit = new ContractValidator(Repo.Registry);
        var v276 = Microversion.Parse("2.76");
        kit.Validate(Operations.ActionRequest("unshelve"), v276, "{\"unshelve\": {}}").IsValid.Should().BeTrue("scenario unshelve-before-2.77 sends {} and Nova answers 202");
        kit.Validate(Operations.ActionRequest("unshelve"), v276, "{\"unshelve\": null}").IsValid.Should().BeTrue();
        kit.Validate(Operations.ActionRequest("unshelve"), v276, "{}").IsValid.Should().BeFalse("the unshelve key itself is required");
        kit.Validate(Operations.ActionRequest("unshelve"), Microversion.Parse("2.77"), "{\"unshelve\": {}}").IsValid.Should().BeFalse("from 2.77 an object needs availability_zone");
    }
}
