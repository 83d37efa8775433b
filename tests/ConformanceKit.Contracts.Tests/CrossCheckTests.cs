using System.Text.Json.Nodes;
using ConformanceKit.Contracts.NovaSchemas;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;

namespace ConformanceKit.Contracts.Tests;

/// <summary>
/// The kit's schemas against Nova's own (issue 11): the corpus is every sample, every recorded real-Nova
/// exchange, and systematic near-miss variants of each body; any disagreement not excused by a listed
/// exception (a refinement rule with differsFromNova) fails.
/// </summary>
public class CrossCheckTests
{
    private static string RealNova => Path.Combine(Repo.Root, "tests", "ConformanceKit.Contracts.Tests", "RealNova");

    internal static IEnumerable<(string Operation, Microversion Version, string Origin, JsonNode? Body)> Bases()
    {
        foreach (var s in Repo.Derivation.Samples.Where(s => !s.IsExample))
            yield return (s.Operation, s.Version, "sample " + s.Name, SampleTemplate.Instantiate(s.Template, Repo.Refinements.Placeholders, s.Name));
        foreach (var file in Directory.EnumerateFiles(RealNova, "*.json").Order(StringComparer.Ordinal))
        {
            var op = Path.GetFileNameWithoutExtension(file);
            var i = 0;
            foreach (var x in JsonNode.Parse(File.ReadAllText(file))!["exchanges"]!.AsArray())
            {
                i++;
                // A body Nova answered 400 to is not a body Nova's schema accepts: it is judged like any other.
                yield return (op, Microversion.Parse(x!["microversion"]!.GetValue<string>()), $"real Nova {op} #{i}", x["body"]?.DeepClone());
            }
        }
    }

    private static readonly Lazy<Dictionary<string, List<CrossVerdict>>> Verdicts = new(() =>
    {
        var all = new Dictionary<string, List<CrossVerdict>>();
        foreach (var name in new[] { NovaSchemaSet.Master, NovaSchemaSet.Epoxy })
        {
            var check = new CrossCheck(Repo.Registry, NovaSchemaSet.Load(Path.Combine(Repo.Root, NovaSchemaImporter.DefaultOutput, name)), Repo.Refinements);
            all[name] = check.Corpus(Bases()).Select(check.Judge).OfType<CrossVerdict>()
                .Select(v => !v.Agree && v.Exception is null && OlderNovaReason(name, v) is { } why ? v with { Exception = "older Nova: " + why } : v)
                .ToList();
        }
        return all;
    });

    /// <summary>
    /// Where Debian 13's Nova 31.0.0 (Epoxy) schemas say otherwise than Nova master's, the kit follows master:
    /// these places were fixed in Nova after 31.0.0 (compare contracts/nova-schemas/nova-31.0.0 and nova-master).
    /// </summary>
    internal static readonly (string Nova, string[] Operations, MicroversionRange Range, string Pointer, string Why)[] OlderNova =
    [
        (NovaSchemaSet.Epoxy, [Operations.ServerRebuild, "action.rebuild.response"], MicroversionRange.Parse("2.46-2.46"), "",
            "Nova 31.0.0 binds rebuild_response_v246 (flavor with vcpus, ram...) from 2.46; master binds v226 up to 2.46 and v247 from 2.47, as the flavor changes at 2.47"),
        (NovaSchemaSet.Epoxy, [Operations.ServerRebuild, "action.rebuild.response"], MicroversionRange.Parse("2.75+"), "/server/OS-EXT-STS:power_state",
            "Nova 31.0.0's rebuild_response_v275 does not allow null; master does (as its show response does)"),
        (NovaSchemaSet.Epoxy, [Operations.ServerRebuild, "action.rebuild.response"], MicroversionRange.Parse("2.75+"), "/server/OS-EXT-STS:vm_state",
            "Nova 31.0.0's rebuild_response_v275 does not allow null; master does"),
        (NovaSchemaSet.Epoxy, [Operations.ServerRebuild, "action.rebuild.response"], MicroversionRange.Parse("2.75+"), "/server/OS-EXT-SRV-ATTR:launch_index",
            "Nova 31.0.0's rebuild_response_v275 does not allow null; master does"),
        (NovaSchemaSet.Epoxy, [Operations.ActionResponse("createImage")], MicroversionRange.Parse("2.45+"), "/image_id",
            "Nova 31.0.0's create_image_response_v245 does not allow null; master does"),
    ];

    internal static string? OlderNovaReason(string nova, CrossVerdict v) => OlderNova.FirstOrDefault(o => o.Nova == nova
        && o.Operations.Contains(v.Body.Operation) && o.Range.Contains(v.Body.Microversion)
        && (v.Body.Pointer == o.Pointer || v.Body.Pointer.StartsWith(o.Pointer + "/", StringComparison.Ordinal) || o.Pointer.Length == 0)).Why;

    [TestCase(NovaSchemaSet.Master)]
    [TestCase(NovaSchemaSet.Epoxy)]
    public void Every_disagreement_with_Novas_own_schema_is_a_listed_exception(string nova)
    {
        var verdicts = Verdicts.Value[nova];
        var unlisted = verdicts.Where(v => !v.Agree && v.Exception is null).ToList();
        var summary = unlisted.GroupBy(v => (v.Body.Operation, v.Body.Variant, Path: Generalise(v.Body.Pointer), v.Kit))
            .OrderBy(g => g.Key.Operation).Select(g => $"{g.Key.Operation} {g.Key.Variant} at {g.Key.Path}: kit {(g.Key.Kit ? "accepts" : "rejects")}, Nova {(g.Key.Kit ? "rejects" : "accepts")} ({g.Count()}x, e.g. {g.First().Body.Microversion} {g.First().KitSchema} vs {g.First().NovaSchema}: {g.First().Detail})");
        TestContext.Out.WriteLine($"{verdicts.Count} bodies, {verdicts.Count(v => v.Agree)} agree");
        unlisted.Should().BeEmpty(string.Join("\n", summary.Take(200)));
    }

    /// <summary>The per-operation report in schemas/README.md is what this corpus gives (CROSSCHECK_UPDATE=1 rewrites it).</summary>
    [Test]
    public void The_readme_reports_the_cross_check_as_measured()
    {
        var sb = new System.Text.StringBuilder();
        var bases = Bases().ToList();
        sb.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"The corpus: every sample attached to an operation ({bases.Count(b => b.Origin.StartsWith("sample", StringComparison.Ordinal))} bodies), every recorded real-Nova exchange under ");
        sb.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"`tests/ConformanceKit.Contracts.Tests/RealNova` ({bases.Count(b => b.Origin.StartsWith("real", StringComparison.Ordinal))} bodies, Nova 26.2.2), and for each distinct shape among them ");
        sb.Append("(per operation and pair of schemas) one variant per place and change: a member dropped, nulled, retyped (string ↔ number, ");
        sb.Append("boolean → string, object/array → string), an extra member added to every object, a format broken (a uuid upper-cased or ");
        sb.Append("spoilt, a date-time with its zone removed or added, or `yesterday`, an IPv4 address out of range, a URL that is not one) and ");
        sb.Append("an enum-like string's case changed. Each body is judged at its microversion by the kit's schema (`ContractValidator`) and by ");
        sb.Append("Nova's imported schema for that operation and microversion, both with JsonSchema.Net 8.0.5 and Nova's formats; bodies of ");
        sb.Append("operations or microversions Nova has no schema for (error bodies, for example) are not counted.\n\n");
        foreach (var nova in new[] { NovaSchemaSet.Master, NovaSchemaSet.Epoxy })
        {
            var check = new CrossCheck(Repo.Registry, NovaSchemaSet.Load(Path.Combine(Repo.Root, NovaSchemaImporter.DefaultOutput, nova)), Repo.Refinements);
            sb.Append("### ").Append(nova).Append("\n\n").Append(CrossCheck.Report(Verdicts.Value[nova], nova, check));
            var older = Verdicts.Value[nova].Where(v => !v.Agree && v.Exception?.StartsWith("older Nova: ", StringComparison.Ordinal) == true)
                .GroupBy(v => v.Exception!["older Nova: ".Length..]).ToList();
            if (older.Count > 0)
            {
                sb.Append("\nListed exceptions where this older Nova's own schema differs from master's and the kit follows master:\n\n");
                foreach (var g in older.OrderBy(g => g.Key, StringComparer.Ordinal)) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"- {g.Count()} bodies: {g.Key}.\n");
            }
            sb.Append('\n');
        }
        var block = sb.ToString();
        var readmePath = Path.Combine(Repo.Schemas, "README.md");
        var readme = File.ReadAllText(readmePath);
        var begin = readme.IndexOf(Derivation.SchemaDeriver.CrossCheckBegin, StringComparison.Ordinal);
        var end = readme.IndexOf(Derivation.SchemaDeriver.CrossCheckEnd, StringComparison.Ordinal);
        begin.Should().BeGreaterThan(0, "schemas/README.md has the cross-check section (derive-schemas writes it)");
        var current = readme[(begin + Derivation.SchemaDeriver.CrossCheckBegin.Length + 1)..end];
        if (Environment.GetEnvironmentVariable("CROSSCHECK_UPDATE") == "1" && current != block)
        {
            File.WriteAllText(readmePath, readme[..(begin + Derivation.SchemaDeriver.CrossCheckBegin.Length + 1)] + block + readme[end..], new System.Text.UTF8Encoding(false));
            current = block;
        }
        current.Should().Be(block, "schemas/README.md reports the cross-check as measured; refresh it with CROSSCHECK_UPDATE=1");

        // The contract the kit certifies against is today's Nova (master, up to 2.104): at least 99.5% of the variants agree.
        var master = Verdicts.Value[NovaSchemaSet.Master].Where(v => v.Body.IsVariant).ToList();
        (100.0 * master.Count(v => v.Agree) / master.Count).Should().BeGreaterThanOrEqualTo(99.5, "agreement with Nova master's schemas on the variant corpus");
    }

    /// <summary>The cross-check can fail: a kit schema that wrongly rejects what Nova accepts is caught.</summary>
    [Test]
    public void A_disagreement_is_caught()
    {
        var nova = NovaSchemaSet.Load(Path.Combine(Repo.Root, NovaSchemaImporter.DefaultOutput, NovaSchemaSet.Master));
        var check = new CrossCheck(Repo.Registry, nova, Repo.Refinements);
        var body = Repo.Derivation.Samples.First(s => s.Operation == Operations.ServerGet && s.Version == Microversion.Parse("2.73") && s.IsBase);
        var json = SampleTemplate.Instantiate(body.Template, Repo.Refinements.Placeholders, body.Name)!;
        json["server"]!["status"] = "SLEEPING";
        var verdict = check.Judge(new CorpusBody(Operations.ServerGet, Microversion.Parse("2.73"), "test", "changed", "/server/status", json.ToJsonString()))!;
        verdict.Agree.Should().BeTrue("both reject an unknown status");
        json["server"]!["status"] = "ACTIVE";
        json["server"]!["name"] = null;
        var nulled = check.Judge(new CorpusBody(Operations.ServerGet, Microversion.Parse("2.73"), "test", "nulled", "/server/name", json.ToJsonString()))!;
        nulled.Nova.Should().BeTrue("Nova's schema allows a null name");
        nulled.Kit.Should().BeTrue("and so does the calibrated kit");
        // A stricter kit schema on the same body would disagree, unexcused:
        var strict = SchemaRegistry.Load(Repo.Schemas);
        strict.Should().NotBeNull();
        var entry = strict.Select(Operations.ServerGet, Microversion.Parse("2.73"))!;
        var tightened = entry.Json.Replace("\"name\": {\n          \"type\": [\n            \"string\",\n            \"null\"\n          ]\n        }", "\"name\": {\n          \"type\": \"string\"\n        }", StringComparison.Ordinal);
        tightened.Should().NotBe(entry.Json, "the test tightens the name rule");
        var dir = Repo.TempDir();
        foreach (var e in strict.Entries.Select(e => e.File).Distinct())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, e))!);
            File.WriteAllText(Path.Combine(dir, e), e == entry.File ? tightened : strict.Entries.First(x => x.File == e).Json);
        }
        File.Copy(Path.Combine(Repo.Schemas, "index.json"), Path.Combine(dir, "index.json"));
        var wrong = new CrossCheck(SchemaRegistry.Load(dir), nova, Repo.Refinements)
            .Judge(new CorpusBody(Operations.ServerGet, Microversion.Parse("2.73"), "test", "nulled", "/server/name", json.ToJsonString()))!;
        wrong.Agree.Should().BeFalse();
        wrong.Exception.Should().BeNull("no listed exception covers /server/name");
    }

    private static string Generalise(string pointer) => System.Text.RegularExpressions.Regex.Replace(pointer, "/[0-9]+(?=/|$)", "/*");
}
