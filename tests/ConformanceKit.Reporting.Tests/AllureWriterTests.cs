using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting.Allure;

namespace ConformanceKit.Reporting.Tests;

public class AllureWriterTests
{
    private static JsonObject ResultFile(string dir, string id)
    {
        foreach (var file in Directory.GetFiles(dir, "*-result.json"))
        {
            var node = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var labels = node["labels"]!.AsArray();
            if (labels.Any(l => l!["name"]!.GetValue<string>() == "scenarioId" && l["value"]!.GetValue<string>() == id))
            {
                Path.GetFileName(file).Should().Be($"{node["uuid"]!.GetValue<string>()}-result.json");
                return node;
            }
        }
        throw new AssertionException($"no result file for {id} in {dir}");
    }

    private static List<string> Labels(JsonObject result, string name) =>
        result["labels"]!.AsArray().Where(l => l!["name"]!.GetValue<string>() == name).Select(l => l!["value"]!.GetValue<string>()).ToList();

    private static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    private static (string Dir, AllureOutput Output) WriteAll()
    {
        var dir = Fakes.TempDir("allure");
        var results = new[]
        {
            Fakes.Scenario("pause-normal", Outcome.Passed, aspects: ["code", "body"], attachments: [Fakes.Exchange()]),
            Fakes.Scenario("pause-conflict[status=PAUSED]", Outcome.Failed, aspects: ["preconditions"], attachments: [Fakes.Exchange(), Fakes.Curl()], startSecond: 2),
            Fakes.Scenario("pause-microversion", Outcome.Skipped, aspects: ["microversions"], startSecond: 4),
            Fakes.Scenario("crash-dump-normal", Outcome.NotSupported, action: "trigger_crash_dump", startSecond: 6),
            Fakes.Scenario("pause-missing", Outcome.Broken, startSecond: 8),
            Fakes.Scenario("pause-policy", Outcome.Passed, aspects: ["policy"], startSecond: 10),
        };
        return (dir, new AllureWriter().Write(dir, results, Fakes.Run()));
    }

    [Test]
    public void A_passed_scenario_has_the_documented_result_fields()
    {
        var (dir, _) = WriteAll();
        var r = ResultFile(dir, "pause-normal");

        r["status"]!.GetValue<string>().Should().Be("passed");
        r["stage"]!.GetValue<string>().Should().Be("finished");
        r["name"]!.GetValue<string>().Should().Be("Scenario pause-normal");
        r["fullName"]!.GetValue<string>().Should().Be("Pause and unpause a server / Scenario pause-normal");
        r["start"]!.GetValue<long>().Should().Be(Fakes.T0.ToUnixTimeMilliseconds());
        r["stop"]!.GetValue<long>().Should().Be(Fakes.T0.ToUnixTimeMilliseconds() + 1500);
        r["testCaseId"]!.GetValue<string>().Should().Be(Md5("pause-normal"));
        r["historyId"]!.GetValue<string>().Should().Be(Md5("pause-normal|microversion=2.1|role=member"));
        r.ContainsKey("statusDetails").Should().BeFalse("a passed scenario has no message");

        Labels(r, "epic").Should().Equal(AllureWriter.Epic);
        Labels(r, "feature").Should().Equal("Pause and unpause a server");
        Labels(r, "story").Should().Equal("pause");
        Labels(r, "severity").Should().Equal("normal");
        Labels(r, "tag").Should().BeEquivalentTo("action:pause", "id:pause-normal", "aspect:code", "aspect:body");
        Labels(r, "suite").Should().Equal("Pause and unpause a server");
        Labels(r, "host").Should().Equal("127.0.0.1:8774");
        Labels(r, "framework").Should().Equal("nova-conformance");
        Labels(r, "language").Should().Equal("csharp");

        var link = r["links"]!.AsArray().Single()!;
        link["type"]!.GetValue<string>().Should().Be("link");
        link["url"]!.GetValue<string>().Should().Be("https://docs.openstack.org/api-ref/compute/#pause-server-pause-action");

        var parameters = r["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["value"]!.GetValue<string>());
        parameters.Should().Equal(new Dictionary<string, string> { ["microversion"] = "2.1", ["role"] = "member" });

        var steps = r["steps"]!.AsArray();
        steps.Should().HaveCount(2);
        steps[0]!["name"]!.GetValue<string>().Should().Be("Given a server owned by the member");
        steps[0]!["status"]!.GetValue<string>().Should().Be("passed");
        steps[1]!["start"]!.GetValue<long>().Should().Be(Fakes.T0.ToUnixTimeMilliseconds() + 700);
        steps[1]!["stop"]!.GetValue<long>().Should().Be(Fakes.T0.ToUnixTimeMilliseconds() + 1500);
    }

    [Test]
    public void A_failed_scenario_carries_its_message_trace_and_failing_step()
    {
        var (dir, _) = WriteAll();
        var r = ResultFile(dir, "pause-conflict[status=PAUSED]");

        r["status"]!.GetValue<string>().Should().Be("failed");
        r["statusDetails"]!["message"]!.GetValue<string>().Should().Be("expected response code 202, got 409");
        r["statusDetails"]!["trace"]!.GetValue<string>().Should().Contain("pause.feature:15");
        r["name"]!.GetValue<string>().Should().Be("Scenario pause-conflict[status=PAUSED]", "the name already holds the row");
        r["testCaseId"]!.GetValue<string>().Should().Be(Md5("pause-conflict"), "the test case is the @id without its example row");
        r["historyId"]!.GetValue<string>().Should().Be(Md5("pause-conflict[status=PAUSED]|microversion=2.1|role=member|status=PAUSED"));
        r["parameters"]!.AsArray().Select(p => $"{p!["name"]}={p["value"]}").Should().Equal("microversion=2.1", "role=member", "status=PAUSED");
        var failing = r["steps"]!.AsArray()[1]!;
        failing["status"]!.GetValue<string>().Should().Be("failed");
        failing["statusDetails"]!["message"]!.GetValue<string>().Should().Be("step message");
    }

    [Test]
    public void An_outline_rows_name_gets_the_row_when_the_scenario_name_lacks_it()
    {
        var outline = Fakes.Scenario("pause-conflict[status=SHUTOFF]", Outcome.Passed) with { Scenario = "Pause is refused while the server is SHUTOFF" };
        new AllureWriter().Convert(outline, Fakes.Run()).Result.Name.Should().Be("Pause is refused while the server is SHUTOFF [status=SHUTOFF]");
    }

    [TestCase("pause-microversion", "skipped", "needs microversion 2.17; the endpoint supports 2.1-2.15")]
    [TestCase("crash-dump-normal", "skipped", "not supported by this deployment: the endpoint answered 501 Not Implemented")]
    [TestCase("pause-missing", "broken", "The endpoint failed: 500 Internal Server Error")]
    public void Skipped_not_supported_and_broken_scenarios_map_to_allure_statuses(string id, string status, string message)
    {
        var (dir, _) = WriteAll();
        var r = ResultFile(dir, id);
        r["status"]!.GetValue<string>().Should().Be(status);
        r["statusDetails"]!["message"]!.GetValue<string>().Should().Be(message);
    }

    [Test]
    public void Policy_scenarios_are_critical_and_an_explicit_severity_tag_wins()
    {
        var (dir, _) = WriteAll();
        Labels(ResultFile(dir, "pause-policy"), "severity").Should().Equal("critical");
        AllureWriter.Severity(Fakes.Scenario("x", Outcome.Passed, extraTags: ["@severity:minor"])).Should().Be("minor");
        AllureWriter.Severity(Fakes.Scenario("x", Outcome.Passed, extraTags: ["@severity:bogus"])).Should().Be("normal");
    }

    [Test]
    public void Attachments_are_written_beside_the_results_and_referenced_by_source_and_type()
    {
        var (dir, output) = WriteAll();
        var r = ResultFile(dir, "pause-conflict[status=PAUSED]");
        var attachments = r["attachments"]!.AsArray();
        attachments.Should().HaveCount(2);

        var exchange = attachments[0]!;
        exchange["name"]!.GetValue<string>().Should().Be("POST /servers/abc/action");
        exchange["type"]!.GetValue<string>().Should().Be("text/plain");
        var source = exchange["source"]!.GetValue<string>();
        source.Should().MatchRegex("^[0-9a-f-]{36}-attachment\\.txt$");
        File.ReadAllText(Path.Combine(dir, source)).Should().Be(Fakes.Exchange().Content);

        var curl = attachments[1]!;
        curl["source"]!.GetValue<string>().Should().EndWith("-attachment.sh");
        File.ReadAllText(Path.Combine(dir, curl["source"]!.GetValue<string>())).Should().StartWith("curl -sS -i -X POST");

        output.AttachmentFiles.Should().Be(3);
        Directory.GetFiles(dir, "*-attachment.*").Should().HaveCount(3);
    }

    [Test]
    public void Step_attachments_are_written_too()
    {
        var dir = Fakes.TempDir("steps");
        var t = Fakes.T0;
        var step = new StepResult("When ", "the owner pauses the server", Outcome.Passed, t, t.AddSeconds(1), null, [Fakes.Exchange("{\"pause\":1}")]);
        new AllureWriter().Write(dir, [Fakes.Scenario("s1", Outcome.Passed, steps: [step])], Fakes.Run());
        var att = ResultFile(dir, "s1")["steps"]!.AsArray()[0]!["attachments"]!.AsArray().Single()!;
        File.ReadAllText(Path.Combine(dir, att["source"]!.GetValue<string>())).Should().Contain("{\"pause\":1}");
    }

    [Test]
    public void Environment_properties_name_the_endpoint_nova_version_microversions_kit_and_run()
    {
        var (dir, _) = WriteAll();
        var lines = File.ReadAllLines(Path.Combine(dir, "environment.properties"));
        lines.Should().Contain("Endpoint = http://127.0.0.1:8774/v2.1")
            .And.Contain("Nova.Version = 26.2.2 (Zed)")
            .And.Contain("Nova.Microversions = 2.1-2.93")
            .And.Contain("Kit.Version = 0.1.0")
            .And.Contain("Run.Id = nck-7f3a")
            .And.Contain("Target = simulator");
    }

    [Test]
    public void Categories_classify_the_kits_messages_in_order()
    {
        var (dir, _) = WriteAll();
        var categories = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "categories.json")))!.AsArray();
        categories.Select(c => c!["name"]!.GetValue<string>()).Should().Equal(
            "Endpoint fault (5xx, timeout)", "Not judged: run interrupted", "Not judged: kit or configuration error", "Contract violation", "Not supported by this deployment");

        string? Category(string status, string message) => categories.FirstOrDefault(c =>
            c!["matchedStatuses"]!.AsArray().Any(s => s!.GetValue<string>() == status)
            && (c["messageRegex"] is not { } re || Regex.IsMatch(message, re.GetValue<string>())))?["name"]!.GetValue<string>();

        Category("broken", "The endpoint failed: 503 Service Unavailable\nbody...").Should().Be("Endpoint fault (5xx, timeout)");
        Category("broken", "GET /servers/x: the endpoint did not answer within 60 s").Should().Be("Endpoint fault (5xx, timeout)");
        Category("broken", "Undefined step: When the owner frobs the server").Should().Be("Not judged: kit or configuration error");
        Category("broken", OutcomeMessages.NotJudgedInterrupted).Should().Be("Not judged: run interrupted");
        Category("failed", "expected 202, got 409").Should().Be("Contract violation");
        Category("skipped", "not supported by this deployment: 501").Should().Be("Not supported by this deployment");
        Category("skipped", "needs microversion 2.17").Should().BeNull("an ordinary skip is no defect");

        foreach (var c in categories)
            (c!["messageRegex"]?.GetValue<string>() ?? "").Should().NotContain("(?", "Allure 3 compiles these as JavaScript regexes, which have no inline flags");
    }

    [Test]
    public void Each_example_row_and_microversion_has_its_own_history_and_a_rerun_keeps_it()
    {
        var p21 = new Dictionary<string, string> { ["microversion"] = "2.1" };
        var p293 = new Dictionary<string, string> { ["microversion"] = "2.93" };
        var results = new[]
        {
            Fakes.Scenario("pause-conflict[status=PAUSED]", Outcome.Passed, parameters: p21),
            Fakes.Scenario("pause-conflict[status=SHUTOFF]", Outcome.Passed, parameters: p21),
            Fakes.Scenario("pause-conflict[status=SHUTOFF]", Outcome.Passed, parameters: p293),
            Fakes.Scenario("pause-conflict[status=SHUTOFF]", Outcome.Passed, parameters: p293),
        };
        var first = new AllureWriter().Write(Fakes.TempDir("h1"), results, Fakes.Run());
        var second = new AllureWriter().Write(Fakes.TempDir("h2"), results, Fakes.Run());

        first.Results.Select(r => r.HistoryId).Should().OnlyHaveUniqueItems("two results with one historyId would show as retries of one test");
        first.Results.Select(r => r.TestCaseId + string.Join(",", r.Parameters.Select(p => $"{p.Name}:{p.Value}"))).Should()
            .OnlyHaveUniqueItems("Allure 3 computes its history id from the test case id and the parameters");
        first.Results[3].Parameters.Should().ContainSingle(p => p.Name == "repeat" && p.Value == "2");
        second.Results.Select(r => r.HistoryId).Should().Equal(first.Results.Select(r => r.HistoryId));
        first.Results.Select(r => r.TestCaseId).Distinct().Should().ContainSingle();
        first.Results.Select(r => r.Uuid).Should().NotIntersectWith(second.Results.Select(r => r.Uuid));
    }

    [Test]
    public void Writing_again_replaces_the_earlier_runs_results()
    {
        var dir = Fakes.TempDir("again");
        new AllureWriter().Write(dir, [Fakes.Scenario("a", Outcome.Passed, attachments: [Fakes.Exchange()]), Fakes.Scenario("b", Outcome.Failed)], Fakes.Run());
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        new AllureWriter().Write(dir, [Fakes.Scenario("c", Outcome.Passed)], Fakes.Run());

        Directory.GetFiles(dir, "*-result.json").Should().ContainSingle();
        Directory.GetFiles(dir, "*-attachment.*").Should().BeEmpty();
        File.Exists(Path.Combine(dir, "notes.txt")).Should().BeTrue("only Allure's own files are removed");
    }

    [Test]
    public void Counts_by_status_follow_the_mapping()
    {
        var (_, output) = WriteAll();
        output.CountsByStatus.Should().Equal(new Dictionary<string, int>
        {
            ["passed"] = 2, ["failed"] = 1, ["broken"] = 1, ["skipped"] = 2, ["unknown"] = 0,
        });
    }
}
