using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Samples;

namespace ConformanceKit.Contracts.Tests;

public class SampleImporterTests
{
    private string _tmp = null!;

    [SetUp]
    public void SetUp() => _tmp = Repo.TempDir();

    [TearDown]
    public void TearDown() => Directory.Delete(_tmp, true);

    /// <summary>A miniature installed package: site/nova/tests/functional/api_sample_tests/api_samples + nova-X.egg-info.</summary>
    private string FakePackage()
    {
        var site = Path.Combine(_tmp, "site");
        var api = Path.Combine(site, "nova", SampleImporter.TemplatesSubPath);
        Write(Path.Combine(api, "servers", "server-action-reboot.json.tpl"), "{\r\n    \"reboot\" : {\r\n        \"type\" : \"%(type)s\"\r\n    }\r\n}");
        Write(Path.Combine(api, "servers", "v2.26", "server-action-rebuild.json.tpl"), "{\n    \"rebuild\" : {\n        \"preserve_ephemeral\": %(preserve_ephemeral)s,\n        \"imageRef\" : \"%(uuid)s\"\n    }\n}\n\n");
        Write(Path.Combine(api, "os-admin-actions", "admin-actions-reset-state.json.tpl"), "{\n    'os-resetState': {'state': 'active'}\n}");
        Write(Path.Combine(api, "os-admin-actions", "admin-actions-inject-network-info.json.tpl"), "{\n    \"injectNetworkInfo\": null\n}");
        Write(Path.Combine(api, "flavors", "flavor-get-resp.json.tpl"), "{}");
        Write(Path.Combine(site, "nova-26.2.2.egg-info", "PKG-INFO"), "Metadata-Version: 1.2\nName: nova\nVersion: 26.2.2\n");
        return Path.Combine(site, "nova");
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText);

    [Test]
    public void An_installed_package_is_imported_in_Nova_layout_with_placeholders_kept()
    {
        var to = Path.Combine(_tmp, "samples");
        var result = SampleImporter.Import(new ImportOptions(FakePackage(), to, ["servers", "os-admin-actions"]));

        result.Kind.Should().Be(SampleSourceKind.PackageTemplates);
        result.NovaVersion.Should().Be("26.2.2");
        Snapshot(to).Keys.Should().BeEquivalentTo("servers/server-action-reboot.json", "servers/v2.26/server-action-rebuild.json",
            "os-admin-actions/admin-actions-inject-network-info.json", "PROVENANCE.json");
        File.ReadAllText(Path.Combine(to, "servers", "server-action-reboot.json")).Should().Be("{\n    \"reboot\" : {\n        \"type\" : \"%(type)s\"\n    }\n}\n");
        File.ReadAllText(Path.Combine(to, "servers", "v2.26", "server-action-rebuild.json")).Should().Contain("\"preserve_ephemeral\": \"%(int:preserve_ephemeral)s\",");
        result.Skipped.Should().ContainSingle().Which.File.Should().Be("os-admin-actions/admin-actions-reset-state.json.tpl");
    }

    [Test]
    public void Provenance_records_source_version_and_licence()
    {
        var to = Path.Combine(_tmp, "samples");
        var from = FakePackage();
        SampleImporter.Import(new ImportOptions(from, to, ["servers"]));

        var p = JsonNode.Parse(File.ReadAllText(Path.Combine(to, SampleImporter.ProvenanceFile)))!;
        p["licence"]!.GetValue<string>().Should().Be("Apache-2.0");
        p["novaVersion"]!.GetValue<string>().Should().Be("26.2.2");
        p["source"]!.GetValue<string>().Should().Be(Path.Combine(from, SampleImporter.TemplatesSubPath));
        p["files"]!.GetValue<int>().Should().Be(2);
        p["apis"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("servers");
    }

    [Test]
    public void Re_import_is_deterministic_and_removes_what_the_source_no_longer_has()
    {
        var to = Path.Combine(_tmp, "samples");
        var from = FakePackage();
        SampleImporter.Import(new ImportOptions(from, to, ["servers"]));
        var first = Snapshot(to);
        Write(Path.Combine(to, "servers", "v2.99", "stale.json"), "{}");

        SampleImporter.Import(new ImportOptions(from, to, ["servers"]));

        Snapshot(to).Should().Equal(first);
        Directory.Exists(Path.Combine(to, "servers", "v2.99")).Should().BeFalse();
    }

    [Test]
    public void A_source_tree_doc_folder_is_imported_with_its_concrete_values()
    {
        var tree = Path.Combine(_tmp, "nova-src");
        Write(Path.Combine(tree, "doc", "api_samples", "servers", "v2.98", "server-get-resp.json"), "{\"server\": {\"id\": \"70a599e0-31e7-49b7-b260-868f441e862b\"}}");
        Write(Path.Combine(tree, ".git", "HEAD"), "ref: refs/heads/master\n");
        Write(Path.Combine(tree, ".git", "refs", "heads", "master"), "00a030403f672b975364c855b7d25b40ef83e757\n");
        var to = Path.Combine(_tmp, "samples");

        var result = SampleImporter.Import(new ImportOptions(tree, to, ["servers"]));

        result.Kind.Should().Be(SampleSourceKind.DocSamples);
        result.NovaVersion.Should().Be("git 00a030403f672b975364c855b7d25b40ef83e757");
        SampleSet.Load(to).Files.Should().ContainSingle().Which.Version.ToString().Should().Be("2.98");
    }

    [Test]
    public void Bad_input_is_one_line_that_says_what_to_do()
    {
        var stderr = new StringWriter();
        SampleImporter.Run(["--from", Path.Combine(_tmp, "nope")], new StringWriter(), stderr).Should().Be(2);
        stderr.ToString().Trim().Should().StartWith("import-samples: ").And.Contain("not a directory").And.NotContain("\n").And.NotContain("   at ");

        stderr = new StringWriter();
        SampleImporter.Run(["--from", _tmp], new StringWriter(), stderr).Should().Be(2);
        stderr.ToString().Should().Contain("no Nova api-samples under");

        stderr = new StringWriter();
        SampleImporter.Run(["--from", FakePackage(), "--api", "os-nothing"], new StringWriter(), stderr).Should().Be(2);
        stderr.ToString().Should().Contain("os-nothing").And.Contain("--api");

        stderr = new StringWriter();
        SampleImporter.Run(["--to"], new StringWriter(), stderr).Should().Be(2);
        stderr.ToString().Should().Contain("--to needs a value");
    }

    [Test]
    public void The_importer_refuses_to_overwrite_a_folder_that_is_not_a_samples_folder()
    {
        var to = Path.Combine(_tmp, "project");
        Write(Path.Combine(to, "Program.cs"), "class P {}");
        var act = () => SampleImporter.Import(new ImportOptions(FakePackage(), to, ["servers"]));
        act.Should().Throw<ContractsUsageException>().WithMessage("*Program.cs*");
        File.Exists(Path.Combine(to, "Program.cs")).Should().BeTrue();
    }

    [Test]
    public void The_default_apis_cover_every_samples_folder_of_the_catalogue()
    {
        SampleImporter.DefaultApis.Should().Contain(ConformanceKit.Core.Catalogue.ActionCatalogue.Default.Actions.Select(a => a.SamplesDirectory).Distinct());
        SampleImporter.DefaultApis.Should().Contain(["servers", "versions", "os-instance-actions"]);
    }

    [Test]
    public void Importing_the_installed_python3_nova_reproduces_the_committed_samples()
    {
        Assume.That(Directory.Exists(Repo.InstalledNova), "Debian's python3-nova is not installed here");
        var to = Path.Combine(_tmp, "samples");

        var code = SampleImporter.Run(["--from", Repo.InstalledNova, "--to", to], new StringWriter(), new StringWriter());

        code.Should().Be(0);
        var imported = Snapshot(to);
        var committed = Snapshot(Repo.Samples);
        imported.Keys.Should().BeEquivalentTo(committed.Keys);
        foreach (var (file, text) in committed) imported[file].Should().Be(text, file);
    }
}
