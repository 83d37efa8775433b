using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Contracts.Validation;

namespace ConformanceKit.Contracts.Tests;

/// <summary>
/// The ranges beyond Nova 26.2.2 (2.94-2.104) come from refinements written from today's api-ref. Nova
/// master's published api-samples (read in place from the shared reference folder, never copied into the
/// repository) must validate against them, and so must master's samples of every older microversion.
/// </summary>
public class NovaMasterSamplesTests
{
    private const string Reference = "/work/shared/reference/nova-api-samples";

    /// <summary>
    /// Master's samples that a real Nova rejects, with the pointers the contract must name. Nova 26.2.2's
    /// own templates for these files differ (they carry networks and no personality): the published
    /// documents were not regenerated. Personality was removed in 2.57 and networks is required from 2.37.
    /// </summary>
    private static readonly Dictionary<string, string[]> KnownInvalid = new()
    {
        ["servers/v2.90/server-create-req.json"] = ["/server/networks", "/server/personality"],
        ["servers/v2.94/server-create-req.json"] = ["/server/networks", "/server/personality"],
    };

    /// <summary>
    /// Which operation (and microversion) a published sample belongs to: the exact file the refinements
    /// attach, else any file of the same api and name (e.g. servers/v2.96/server-get-resp.json is a server.get).
    /// </summary>
    private static (Dictionary<string, (string Op, string Version)> Exact, Dictionary<(string Api, string Name), string> ByName) Attachments()
    {
        var exact = new Dictionary<string, (string, string)>();
        var byName = new Dictionary<(string, string), string>();
        foreach (var s in Repo.Derivation.Samples.Where(s => !s.IsExample))
        {
            var file = Repo.SampleSet.Find(s.Name);
            if (file is null) continue;
            if (!exact.TryGetValue(s.Name, out var e) || e.Item1.Length > s.Operation.Length) exact[s.Name] = (s.Operation, s.Version.ToString());
            if (file.Version != s.Version) continue; // e.g. server-create-req-v237.json, filed at 2.1 but meant for 2.37
            var key = (file.Api, file.Name);
            if (!byName.TryGetValue(key, out var op) || op.Length > s.Operation.Length) byName[key] = s.Operation;
        }
        return (exact, byName);
    }

    public static IEnumerable<TestCaseData> MasterSamples()
    {
        if (!Directory.Exists(Reference)) yield break;
        var (exact, byName) = Attachments();
        foreach (var path in Directory.EnumerateFiles(Reference, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(Reference, path).Replace('\\', '/');
            var file = SampleSet.Describe(rel, "");
            if (file is null) continue;
            (string Op, string Version) target;
            if (exact.TryGetValue(rel, out var e)) target = e;
            else if (byName.TryGetValue((file.Api, file.Name), out var op)) target = (op, file.Version.ToString());
            else continue;
            var verb = KnownInvalid.ContainsKey(rel) ? "is rejected as Nova rejects it" : "validates";
            yield return new TestCaseData(rel, target.Op, target.Version).SetName($"Nova master sample {verb}: {rel} as {target.Op} @ {target.Version}");
        }
    }

    [Test]
    public void Nova_master_publishes_samples_for_the_ranges_beyond_2_93()
    {
        Assume.That(Directory.Exists(Reference), "the shared reference folder is not on this machine");
        var beyond = MasterSamples().Select(t => (string)t.Arguments[1]! + "@" + t.Arguments[2]).Where(x => x.EndsWith("@2.96") || x.EndsWith("@2.98") || x.EndsWith("@2.100"));
        beyond.Should().Contain(["server.get@2.96", "server.get@2.98", "server.get@2.100", "server.rebuild@2.96", "server.rebuild@2.98", "server.rebuild@2.100"]);
    }

    [TestCaseSource(nameof(MasterSamples))]
    public void A_published_Nova_master_sample_validates(string relativePath, string operation, string version)
    {
        var body = JsonNode.Parse(File.ReadAllText(Path.Combine(Reference, relativePath)));
        var result = new ContractValidator(Repo.Registry).Validate(operation, ConformanceKit.Core.Microversion.Parse(version), body);
        if (KnownInvalid.TryGetValue(relativePath, out var pointers))
        {
            result.Violations.Select(v => v.Pointer).Should().BeEquivalentTo(pointers, result.Describe());
            return;
        }
        result.IsValid.Should().BeTrue(result.Describe());
    }
}
