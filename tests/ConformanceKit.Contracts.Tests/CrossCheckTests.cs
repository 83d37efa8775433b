using System.Text.Json.Nodes;
using ConformanceKit.Contracts.NovaSchemas;
using ConformanceKit.Contracts.Samples;
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
            all[name] = check.Corpus(Bases()).Select(check.Judge).OfType<CrossVerdict>().ToList();
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
        var unlisted = verdicts.Where(v => !v.Agree && v.Exception is null && OlderNovaReason(nova, v) is null).ToList();
        var summary = unlisted.GroupBy(v => (v.Body.Operation, v.Body.Variant, Path: Generalise(v.Body.Pointer), v.Kit))
            .OrderBy(g => g.Key.Operation).Select(g => $"{g.Key.Operation} {g.Key.Variant} at {g.Key.Path}: kit {(g.Key.Kit ? "accepts" : "rejects")}, Nova {(g.Key.Kit ? "rejects" : "accepts")} ({g.Count()}x, e.g. {g.First().Body.Microversion} {g.First().KitSchema} vs {g.First().NovaSchema}: {g.First().Detail})");
        TestContext.Out.WriteLine($"{verdicts.Count} bodies, {verdicts.Count(v => v.Agree)} agree");
        unlisted.Should().BeEmpty(string.Join("\n", summary.Take(200)));
    }

    private static string Generalise(string pointer) => System.Text.RegularExpressions.Regex.Replace(pointer, "/[0-9]+(?=/|$)", "/*");
}
