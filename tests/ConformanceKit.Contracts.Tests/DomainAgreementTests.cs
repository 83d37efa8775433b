using System.Text.Json.Nodes;
using ConformanceKit.Core;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Contracts.Tests;

/// <summary>
/// The refinements state two facts Core also holds, as contracts (JSON Schema) rather than as code: the error body's kind
/// per code (errors.json) and the server statuses (server-rulesets.json's status enum). These hold them equal, so that
/// the contract and the table the steps and the simulator use cannot drift.
/// </summary>
[TestFixture]
public class DomainAgreementTests
{
    private static JsonObject RuleSchema(string file, Func<JsonObject, bool> pick)
    {
        var root = JsonNode.Parse(Repo.Refinements.Files[file])!;
        var rules = (root["documents"]?.AsArray().SelectMany(d => d!["rules"]?.AsArray() ?? []) ?? [])
            .Concat(root["ruleSets"]?.AsObject().SelectMany(s => s.Value!.AsArray()) ?? []);
        return rules.Select(r => r!.AsObject()).First(pick);
    }

    [Test]
    public void The_error_body_contract_names_each_code_as_NovaErrorKinds_does()
    {
        var schema = RuleSchema("errors.json", r => r["schema"]?["properties"] is not null)["schema"]!["properties"]!.AsObject();
        foreach (var (kind, body) in schema)
        {
            var codes = body!["properties"]!["code"]!["enum"]?.AsArray().Select(c => c!.GetValue<int>()).ToList();
            if (codes is null) { kind.Should().Be(NovaErrorKinds.Default, "only the default kind takes any code"); continue; }
            foreach (var code in codes) NovaErrorKinds.For(code).Should().Be(kind, $"errors.json names HTTP {code} '{kind}'");
        }
        foreach (var (code, kind) in NovaErrorKinds.Named)
            schema.ContainsKey(kind).Should().BeTrue($"NovaErrorKinds names HTTP {code} '{kind}', which errors.json's schema does not accept");
    }

    [Test]
    public void The_server_status_contract_lists_the_catalogues_statuses()
    {
        var rule = RuleSchema("server-rulesets.json", r => r["path"]?.GetValue<string>() == "/status" && r["enum"] is not null);
        var contract = rule["enum"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        contract.Should().BeEquivalentTo(ServerStatus.All.Select(s => s.Value), "server-rulesets.json's status enum and catalogue/statuses.json list the statuses Nova shows");
    }
}
