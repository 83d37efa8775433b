using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Derivation;
using ConformanceKit.Contracts.Samples;

namespace ConformanceKit.Contracts.Tests;

public class SampleTemplateTests
{
    private static PlaceholderVocabulary Vocabulary => Repo.Refinements.Placeholders;

    [Test]
    public void Placeholders_outside_quotes_are_quoted_the_way_Novas_sample_tests_read_them()
    {
        const string template = "{\n    \"migrate\": {\n        \"host\": %(hostname)s\n    },\n    \"x\": %(preserve_ephemeral)s,\n    \"url\": \"http://h:%(port)s/\"\n}";
        var normalized = SampleTemplate.Normalize(template);
        normalized.Should().Contain("\"host\": \"%(int:hostname)s\"").And.Contain("\"x\": \"%(int:preserve_ephemeral)s\",").And.Contain("\"url\": \"http://h:%(port)s/\"");
        SampleTemplate.Normalize(normalized).Should().Be(normalized);
    }

    [Test]
    public void Strings_are_literals_whole_placeholders_or_mixtures()
    {
        SampleTemplate.Analyze("ACTIVE").Should().Be(new SampleTemplate.StringShape.Literal("ACTIVE"));
        SampleTemplate.Analyze("%(uuid)s").Should().Be(new SampleTemplate.StringShape.Whole("uuid", false));
        SampleTemplate.Analyze("%(int:id)s").Should().Be(new SampleTemplate.StringShape.Whole("id", true));
        var mixed = (SampleTemplate.StringShape.Mixed)SampleTemplate.Analyze("%(compute_endpoint)s/servers/%(id)s");
        mixed.Parts.Should().Equal((true, "compute_endpoint"), (false, "/servers/"), (true, "id"));
        SampleTemplate.Analyze("path=%%3Ftoken").Should().Be(new SampleTemplate.StringShape.Literal("path=%3Ftoken"));
    }

    [Test]
    public void Instantiation_gives_typed_example_values()
    {
        var template = JsonNode.Parse("{\"id\": \"%(uuid)s\", \"at\": \"%(isotime)s\", \"n\": \"%(int:preserve_ephemeral)s\", \"href\": \"%(compute_endpoint)s/servers/%(id)s\", \"pct\": \"a%%b\"}");
        var body = SampleTemplate.Instantiate(template, Vocabulary, "test")!.AsObject();
        body["id"]!.GetValue<string>().Should().MatchRegex(ValueKind.UuidPattern);
        body["at"]!.GetValue<string>().Should().MatchRegex(ValueKind.DateTimePattern);
        body["n"]!.GetValue<bool>().Should().BeFalse();
        body["href"]!.GetValue<string>().Should().StartWith("http://openstack.example.com/servers/");
        body["pct"]!.GetValue<string>().Should().Be("a%b");
    }

    [Test]
    public void An_unknown_placeholder_is_named()
    {
        var act = () => SchemaInference.Infer(JsonNode.Parse("{\"a\": \"%(flux_capacitor)s\"}"), Vocabulary, "x.json");
        act.Should().Throw<FormatException>().WithMessage("*%(flux_capacitor)s*/a*placeholders.json*");
    }

    [Test]
    public void A_placeholder_key_must_be_bound()
    {
        var template = JsonNode.Parse("{\"%(action)s\": null}");
        var act = () => SchemaInference.Infer(template, Vocabulary, "servers/server-action-start.json");
        act.Should().Throw<FormatException>().WithMessage("*key '%(action)s'*bind*");
        SampleTemplate.Bind(template, new Dictionary<string, string> { ["action"] = "os-start" })!.ToJsonString().Should().Be("{\"os-start\":null}");
    }

    [Test]
    public void Inference_reads_kinds_from_placeholders_and_literals()
    {
        var node = SchemaInference.Infer(JsonNode.Parse(
            "{\"id\": \"%(id)s\", \"created\": \"%(isotime)s\", \"launched\": \"%(strtime)s\", \"mac\": \"fa:16:3e:4c:2c:30\", \"ref\": \"70a599e0-31e7-49b7-b260-868f441e862b\", \"n\": 4, \"ok\": true, \"list\": [{\"a\": 1, \"b\": 2}, {\"a\": 3}]}"),
            Vocabulary, "t").ToJson();
        node["properties"]!["id"]!["format"]!.GetValue<string>().Should().Be("uuid");
        node["properties"]!["created"]!["format"]!.GetValue<string>().Should().Be("date-time");
        node["properties"]!["launched"]!["format"]!.GetValue<string>().Should().Be("date-time", "Nova's date-time format reads a timestamp without zone");
        node["properties"]!["mac"]!["pattern"].Should().NotBeNull();
        node["properties"]!["ref"]!["format"]!.GetValue<string>().Should().Be("uuid");
        node["properties"]!["n"]!["type"]!.GetValue<string>().Should().Be("integer");
        node["properties"]!["ok"]!["type"]!.GetValue<string>().Should().Be("boolean");
        node["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        node["properties"]!["list"]!["items"]!["required"]!.AsArray().Select(x => x!.GetValue<string>()).Should().Equal("a");
    }
}
