using ConformanceKit.Contracts.Derivation;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Contracts.Validation;

namespace ConformanceKit.Contracts.Tests;

/// <summary>
/// The meta-tests of issue 4: every sample validates against its schema, every schema rests on a
/// sample, the derivation is deterministic, and schemas/ is never stale against samples + refinements.
/// </summary>
public class MetaTests
{
    public static IEnumerable<TestCaseData> AttachedSamples() =>
        Repo.Derivation.Samples
            .Select(s => new TestCaseData(s.Operation, s.Name, s.Version.ToString())
                .SetName($"Sample validates: {s.Operation} @ {s.Version} ← {(s.IsExample ? "refinement example" : s.Name)}"));

    [TestCaseSource(nameof(AttachedSamples))]
    public void Every_sample_validates_against_the_schema_of_its_microversion(string operation, string name, string version)
    {
        var sample = Repo.Derivation.Samples.First(s => s.Operation == operation && s.Name == name && s.Version.ToString() == version);
        var body = SampleTemplate.Instantiate(sample.Template, Repo.Refinements.Placeholders, name);

        var result = new ContractValidator(Repo.Registry).Validate(operation, sample.Version, body);

        result.SchemaFile.Should().NotBeNull($"{operation} must have a schema at {version}");
        result.IsValid.Should().BeTrue(result.Describe());
    }

    [Test]
    public void Every_schema_is_derived_from_at_least_one_sample_or_documented_example()
    {
        var index = Repo.Registry.Entries;
        index.Should().NotBeEmpty();
        foreach (var schema in Repo.Derivation.Schemas)
        {
            schema.DerivedFrom.Should().NotBeEmpty($"{schema.Operation} {schema.Range} must rest on a sample");
            foreach (var from in schema.DerivedFrom)
            {
                var isExample = from.Contains(" example ", StringComparison.Ordinal);
                if (!isExample) Repo.SampleSet.Find(from).Should().NotBeNull($"{schema.Operation} {schema.Range} names sample {from}");
            }
        }
    }

    [Test]
    public void Only_documented_operations_rest_on_refinement_examples_alone()
    {
        // Nova ships no sample for error bodies and none for resetNetwork (removed in Wallaby); every other
        // schema must come from at least one imported api-sample.
        var exampleOnly = Repo.Derivation.Schemas
            .Where(s => s.DerivedFrom.All(f => f.Contains(" example ", StringComparison.Ordinal)))
            .Select(s => s.Operation).Distinct().Order(StringComparer.Ordinal);
        exampleOnly.Should().BeEquivalentTo(Operations.Error, Operations.KeystoneError, Operations.WebobError, Operations.ActionRequest("resetNetwork"));
    }

    [Test]
    public void Every_schema_range_has_a_sample_of_its_own_or_its_base_sample_from_an_earlier_range()
    {
        // Ranges such as server.get 2.26-2.46 exist because a refinement adds a field (tags) to the
        // 2.19 sample; they name that sample as their base. The base must come from the range itself or before it.
        foreach (var schema in Repo.Derivation.Schemas.Where(s => s.Range != ConformanceKit.Core.MicroversionRange.Any))
        {
            var versions = Repo.Derivation.Samples.Where(a => a.Operation == schema.Operation && schema.DerivedFrom.Contains(a.Name)).Select(a => a.Version).ToList();
            versions.Should().NotBeEmpty($"{schema.Operation} {schema.Range}");
            versions.Min().Should().BeLessThanOrEqualTo(schema.Range.Min!.Value, $"{schema.Operation} {schema.Range} starts from a sample at or before its start");
            versions.Max().Should().BeLessThanOrEqualTo(schema.Range.Max!.Value, $"{schema.Operation} {schema.Range} must not borrow from a later sample");
        }
    }

    [Test]
    public void Deriving_twice_gives_identical_files()
    {
        var first = SchemaDeriver.Derive(SampleSet.Load(Repo.Samples), Refinements.LoadEmbedded());
        var second = SchemaDeriver.Derive(SampleSet.Load(Repo.Samples), Refinements.LoadDirectory(Repo.RefinementsDir));

        second.Files.Keys.Should().Equal(first.Files.Keys);
        foreach (var (file, content) in first.Files) second.Files[file].Should().Be(content, file);
    }

    [Test]
    public void The_committed_schemas_are_not_stale_against_samples_and_refinements()
    {
        // The CI gate: derive-schemas --check must pass on the committed tree.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = SchemaDeriver.Run(["--samples", Repo.Samples, "--refinements", Repo.RefinementsDir, "--out", Repo.Schemas, "--check"], stdout, stderr);

        code.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().Contain("up to date");
    }

    [Test]
    public void The_stale_check_fails_and_lists_each_stale_file_without_writing()
    {
        var dir = Repo.TempDir();
        try
        {
            SchemaDeriver.Write(Repo.Derivation, dir);
            var changed = Path.Combine(dir, "server.get", "2.73-2.89.json");
            File.WriteAllText(changed, File.ReadAllText(changed).Replace("\"locked_reason\"", "\"locked_reasons\"", StringComparison.Ordinal));
            File.Delete(Path.Combine(dir, "error", "any.json"));
            File.WriteAllText(Path.Combine(dir, "server.get", "9.9-9.9.json"), "{}");
            var before = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

            var stderr = new StringWriter();
            var code = SchemaDeriver.Run(["--samples", Repo.Samples, "--out", dir, "--check"], new StringWriter(), stderr);

            code.Should().Be(1);
            stderr.ToString().Should().Contain("server.get/2.73-2.89.json (differs)")
                .And.Contain("error/any.json (missing)")
                .And.Contain("server.get/9.9-9.9.json (no longer derived)");
            Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText).Should().Equal(before, "--check writes nothing");

            SchemaDeriver.Run(["--samples", Repo.Samples, "--out", dir], new StringWriter(), new StringWriter()).Should().Be(0);
            SchemaDeriver.Run(["--samples", Repo.Samples, "--out", dir, "--check"], new StringWriter(), new StringWriter()).Should().Be(0);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void A_refinement_that_matches_nothing_stops_the_derivation()
    {
        var files = Repo.Refinements.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
        files["catalogue/actions/reboot.json"] = files["catalogue/actions/reboot.json"].Replace("\"/reboot/type\"", "\"/reboot/typo\"", StringComparison.Ordinal);

        var act = () => SchemaDeriver.Derive(Repo.SampleSet, Refinements.Parse(files));

        act.Should().Throw<DerivationException>().WithMessage("*action.reboot.request*/reboot/typo*");
    }

    [Test]
    public void A_null_in_a_sample_without_a_refinement_stops_the_derivation()
    {
        var files = Repo.Refinements.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
        var pause = System.Text.Json.Nodes.JsonNode.Parse(files["catalogue/actions/pause.json"])!;
        pause["documents"]![0]!["rules"] = System.Text.Json.Nodes.JsonNode.Parse("[{ \"path\": \"/other\", \"presence\": \"absent\", \"source\": \"test\" }]");
        files["catalogue/actions/pause.json"] = pause.ToJsonString();

        var act = () => SchemaDeriver.Derive(Repo.SampleSet, Refinements.Parse(files));

        act.Should().Throw<DerivationException>().WithMessage("*action.pause.request*null at /pause in os-pause-server/pause-server.json*");
    }

    [Test]
    public void A_refinement_rule_without_a_source_is_rejected()
    {
        var files = Repo.Refinements.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
        files["catalogue/actions/reboot.json"] = files["catalogue/actions/reboot.json"].Replace(
            ",\n          \"source\": \"api-ref parameters.yaml reboot_type: the valid values are HARD and SOFT; Nova's own schema servers.py reboot accepts them in upper, capitalised and lower case\"", "", StringComparison.Ordinal);

        var act = () => Refinements.Parse(files);

        act.Should().Throw<RefinementException>().WithMessage("*/reboot/type*must cite its 'source'*");
    }

    [Test]
    public void The_readme_table_counts_the_schemas_of_each_operation()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Schemas, "README.md"));
        foreach (var group in Repo.Registry.Entries.GroupBy(e => e.Operation))
        {
            var ranges = string.Join(", ", group.OrderBy(e => e.Range.Min ?? ConformanceKit.Core.Microversion.Minimum).Select(e => e.Range.ToString()));
            readme.Should().Contain($"| `{group.Key}`").And.Contain($"| {group.Count()} | {ranges} |");
        }
        readme.Should().Contain("derive-schemas --check");
    }
}

public class DeriveCommandTests
{
    [Test]
    public void Bad_input_to_derive_schemas_is_one_line_that_says_what_to_do()
    {
        var stderr = new StringWriter();
        SchemaDeriver.Run(["--samples", "/nonexistent/samples"], new StringWriter(), stderr).Should().Be(2);
        stderr.ToString().Trim().Should().StartWith("derive-schemas: ").And.Contain("import-samples").And.NotContain("\n").And.NotContain("   at ");

        stderr = new StringWriter();
        SchemaDeriver.Run(["--frobnicate"], new StringWriter(), stderr).Should().Be(2);
        stderr.ToString().Should().Contain("unknown option '--frobnicate'").And.Contain("usage: derive-schemas");
    }
}
