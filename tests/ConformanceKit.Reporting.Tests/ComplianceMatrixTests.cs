using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting.Compliance;

namespace ConformanceKit.Reporting.Tests;

public class ComplianceMatrixTests
{
    private static ComplianceMatrix Build(params ScenarioResult[] results) =>
        ComplianceMatrix.Build(ActionCatalogue.Default, results, Fakes.Run());

    [Test]
    public void The_matrix_has_a_row_per_catalogue_action_and_an_action_without_scenarios_is_a_gap()
    {
        var m = Build(Fakes.Scenario("pause-normal", Outcome.Passed, aspects: ["code"]));
        m.Rows.Select(r => r.Action).Should().Equal(ActionCatalogue.Default.Actions.Select(a => a.Name));
        m.Rows.Should().HaveCount(41);

        var shelve = m["shelve"];
        shelve.Overall.Should().Be(CellState.Gap);
        shelve.Cells.Should().OnlyContain(c => c.State == CellState.Gap);

        m["pause"][Aspect.Code].State.Should().Be(CellState.Pass);
        m["pause"][Aspect.Policy].State.Should().Be(CellState.Gap, "no policy scenario for pause");
        m.Verdict.Gaps.Should().Be(41 * 5 - 1);
        m.Verdict.ActionsTested.Should().Be(1);
    }

    [Test]
    public void Aspect_tags_map_onto_columns_as_documented()
    {
        var m = Build(
            Fakes.Scenario("a", Outcome.Passed, aspects: ["lock"]),
            Fakes.Scenario("b", Outcome.Passed, aspects: ["schema"]),
            Fakes.Scenario("c", Outcome.Passed, aspects: ["body"]),
            Fakes.Scenario("d", Outcome.Passed, aspects: ["microversions"]),
            Fakes.Scenario("e", Outcome.Passed, aspects: ["policy"]),
            Fakes.Scenario("f", Outcome.Passed, aspects: ["teleport"]));
        var pause = m["pause"];
        pause[Aspect.Preconditions].Scenarios.Select(s => s.Id).Should().Equal("a");
        pause[Aspect.BodySchema].Scenarios.Select(s => s.Id).Should().Equal("b", "c");
        pause[Aspect.Microversions].Scenarios.Select(s => s.Id).Should().Equal("d");
        pause[Aspect.Policy].Scenarios.Select(s => s.Id).Should().Equal("e");
        pause[Aspect.Code].State.Should().Be(CellState.Gap);
        m.UnmappedAspectTags.Should().Equal("teleport");
        m.WithoutAspect.Select(s => s.Id).Should().Equal("f");
    }

    [Test]
    public void A_cell_is_fail_before_error_before_pass_before_not_supported_before_skip()
    {
        ComplianceMatrix.Aggregate([]).Should().Be(CellState.Gap);
        ComplianceMatrix.Aggregate([Outcome.Passed, Outcome.Broken, Outcome.Failed]).Should().Be(CellState.Fail);
        ComplianceMatrix.Aggregate([Outcome.Passed, Outcome.Broken]).Should().Be(CellState.Error);
        ComplianceMatrix.Aggregate([Outcome.Skipped, Outcome.Passed]).Should().Be(CellState.Pass);
        ComplianceMatrix.Aggregate([Outcome.Skipped, Outcome.NotSupported]).Should().Be(CellState.NotSupported);
        ComplianceMatrix.Aggregate([Outcome.Skipped]).Should().Be(CellState.Skip);
    }

    [Test]
    public void Skipped_cells_keep_their_reasons_and_microversions()
    {
        var m = Build(
            Fakes.Scenario("tcd-1", Outcome.Skipped, action: "trigger_crash_dump", aspects: ["microversions"], message: "needs 2.17\nmore detail"),
            Fakes.Scenario("tcd-2", Outcome.Skipped, action: "trigger_crash_dump", aspects: ["microversions"], message: "needs 2.17",
                parameters: new Dictionary<string, string> { ["microversion"] = "2.10" }));
        var cell = m["trigger_crash_dump"][Aspect.Microversions];
        cell.State.Should().Be(CellState.Skip);
        cell.Reasons.Should().Equal("needs 2.17");
        cell.Microversions.Should().Equal("2.1", "2.10");
    }

    [Test]
    public void An_action_outside_the_endpoints_microversions_is_not_applicable_rather_than_a_gap()
    {
        var m = ComplianceMatrix.Build(ActionCatalogue.Default, [], Fakes.Run("2.50-2.93"));
        m["addFloatingIp"].Offered.Should().BeFalse();
        m["addFloatingIp"].Overall.Should().Be(CellState.NotApplicable);
        m["pause"].Overall.Should().Be(CellState.Gap);
    }

    [TestCase(new[] { Outcome.Passed, Outcome.Skipped, Outcome.NotSupported }, "CONFORMING", true)]
    [TestCase(new[] { Outcome.Passed, Outcome.Failed }, "NOT CONFORMING", false)]
    [TestCase(new[] { Outcome.Passed, Outcome.Broken }, "NOT CONFORMING", false)]
    [TestCase(new[] { Outcome.Skipped }, "INCONCLUSIVE", false)]
    public void The_verdict_follows_the_outcomes(Outcome[] outcomes, string verdict, bool conforming)
    {
        var m = Build(outcomes.Select((o, i) => Fakes.Scenario($"s{i}", o)).ToArray());
        m.Verdict.Text.Should().Be(verdict);
        m.Verdict.Conforming.Should().Be(conforming);
    }

    [Test]
    public void A_kit_error_alone_makes_the_verdict_inconclusive_not_a_failure_of_the_endpoint()
    {
        var m = Build(Fakes.Scenario("ok", Outcome.Passed), Fakes.Scenario("kit", Outcome.Broken, message: "Undefined step: When x"));
        m.Verdict.Text.Should().Be(Verdict.InconclusiveText);
        m.Verdict.KitErrors.Should().Be(1);
        m.Verdict.EndpointFaults.Should().Be(0);
    }

    [Test]
    public void Scenarios_naming_no_or_an_unknown_action_are_listed_outside_the_matrix()
    {
        var m = Build(Fakes.Scenario("no-action", Outcome.Passed, action: ""), Fakes.Scenario("ghost", Outcome.Passed, action: "teleport"));
        m.WithoutAction.Select(s => s.Id).Should().Equal("no-action");
        m.UnknownActions.Keys.Should().Equal("teleport");
    }

    [Test]
    public void The_json_has_every_action_its_cells_and_the_verdict()
    {
        var m = Build(Fakes.Scenario("pause-normal", Outcome.Passed), Fakes.Scenario("pause-bad", Outcome.Failed, aspects: ["preconditions"]));
        var json = JsonNode.Parse(m.ToJson())!;
        json["actions"]!.AsArray().Should().HaveCount(41);
        var pause = json["actions"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "pause")!;
        pause["cells"]!["code"]!["state"]!.GetValue<string>().Should().Be("pass");
        pause["cells"]!["preconditions"]!["state"]!.GetValue<string>().Should().Be("fail");
        pause["cells"]!["policy"]!["state"]!.GetValue<string>().Should().Be("gap");
        pause["overall"]!.GetValue<string>().Should().Be("fail");
        json["verdict"]!["verdict"]!.GetValue<string>().Should().Be("NOT CONFORMING");
        json["verdict"]!["failed"]!.GetValue<int>().Should().Be(1);
        json["run"]!["endpoint"]!.GetValue<string>().Should().Be("http://127.0.0.1:8774/v2.1");
    }

    [Test]
    public void The_html_is_self_contained_labels_each_state_in_text_and_ends_with_the_verdict()
    {
        var m = Build(
            Fakes.Scenario("pause-normal", Outcome.Passed),
            Fakes.Scenario("pause-bad", Outcome.Failed, aspects: ["preconditions"], message: "expected 409 <conflict>, got 202"),
            Fakes.Scenario("tcd", Outcome.NotSupported, action: "trigger_crash_dump"));
        var path = Path.Combine(Fakes.TempDir("html"), "matrix.html");
        m.WriteHtml(path);
        var html = File.ReadAllText(path);

        Regex.Matches(html, "<(script|link|img|iframe)\\b").Should().BeEmpty("the page loads nothing");
        Regex.Matches(html, "(src|@import|url\\()").Should().BeEmpty();
        html.Should().Contain(">PASS<").And.Contain(">FAIL<").And.Contain(">GAP<").And.Contain(">NOT SUPPORTED<");
        html.Should().Contain("expected 409 &lt;conflict&gt;, got 202", "messages are HTML-escaped");
        html.Should().Contain("href=\"https://docs.openstack.org/api-ref/compute/#pause-server-pause-action\"");
        html.Should().Contain("@media print");
        var verdictAt = html.IndexOf("Certification verdict: NOT CONFORMING", StringComparison.Ordinal);
        verdictAt.Should().BePositive();
        html.IndexOf("</table>\n<h2>", StringComparison.Ordinal).Should().BeLessThan(verdictAt, "the verdict comes after the matrix");
        html[verdictAt..].Should().NotContain("<tr><td class=\"action\">");
    }
}
