using ConformanceKit.Core.Results;
using ConformanceKit.Reporting.Gating;

namespace ConformanceKit.Reporting.Tests;

public class GateTests
{
    private static readonly ScenarioResult[] RunWithOneFailure =
    [
        Fakes.Scenario("pause-normal", Outcome.Passed),
        Fakes.Scenario("pause-conflict[status=PAUSED]", Outcome.Failed),
        Fakes.Scenario("pause-microversion", Outcome.Skipped),
    ];

    private static string BaselineFile(params KnownFailure[] entries)
    {
        var path = Path.Combine(Fakes.TempDir("baseline"), "baseline.json");
        new Baseline(entries).Save(path);
        return path;
    }

    [Test]
    public void A_baseline_listing_the_one_failure_exits_0_and_without_it_the_run_exits_1()
    {
        var path = BaselineFile(new KnownFailure("pause-conflict[status=PAUSED]", "Pause / Scenario", "Failed", "expected 202, got 409"));

        var withBaseline = Gate.Evaluate(RunWithOneFailure, Baseline.Load(path));
        withBaseline.ExitCode.Should().Be(ExitCodes.Conforming);
        withBaseline.KnownFailures.Select(f => f.Id).Should().Equal("pause-conflict[status=PAUSED]");
        withBaseline.NewFailures.Should().BeEmpty();

        var without = Gate.Evaluate(RunWithOneFailure, null);
        without.ExitCode.Should().Be(ExitCodes.ConformanceFailures);
        without.NewFailures.Select(f => f.Id).Should().Equal("pause-conflict[status=PAUSED]");
        without.Describe().Last().Should().StartWith("gate: failed (exit 1)");
    }

    [Test]
    public void The_reporters_exit_code_is_0_with_the_baseline_and_1_without()
    {
        var path = BaselineFile(new KnownFailure("pause-conflict[status=PAUSED]", "Pause / Scenario", "Failed", null));
        RunReport Report(string? baseline) => new RunReporter(new ReportOptions { ResultsDirectory = Fakes.TempDir("run"), BaselinePath = baseline, Html = false })
            .Write(RunWithOneFailure, Fakes.Run());

        var with = Report(path);
        with.ExitCode.Should().Be(0);
        with.Describe().Should().Contain("1 known failure(s), listed in the baseline:").And.Contain("gate: passed (exit 0)");
        with.Matrix.Verdict.Text.Should().Be("NOT CONFORMING", "a baseline decides the exit code, not the verdict");
        Report(null).ExitCode.Should().Be(1);
    }

    [Test]
    public void A_failure_the_baseline_does_not_list_is_new_and_fails_the_gate()
    {
        var baseline = new Baseline([new KnownFailure("pause-conflict[status=PAUSED]", "x", "Failed", null)]);
        var run = RunWithOneFailure.Append(Fakes.Scenario("pause-missing", Outcome.Broken)).ToList();
        var result = Gate.Evaluate(run, baseline);
        result.ExitCode.Should().Be(1);
        result.NewFailures.Should().ContainSingle().Which.Kind.Should().Be(FailureKind.EndpointFault);
        result.Describe().Should().Contain("1 new failure(s), not in the baseline:");
    }

    [Test]
    public void A_baseline_failure_that_now_passes_is_reported_fixed_and_one_not_run_is_reported_so()
    {
        var baseline = new Baseline([
            new KnownFailure("pause-normal", "was failing", "Failed", null),
            new KnownFailure("pause-microversion", "skipped now", "Failed", null),
            new KnownFailure("gone-scenario", "filtered out", "Failed", null),
        ]);
        var result = Gate.Evaluate(RunWithOneFailure, baseline);
        result.Fixed.Select(f => f.Id).Should().Equal("pause-normal");
        result.NotRun.Select(f => f.Id).Should().Equal("gone-scenario", "pause-microversion");
        result.ExitCode.Should().Be(1, "pause-conflict is still a new failure");
        result.Describe().Should().Contain(l => l.Contains("now pass (fixed"));
    }

    [Test]
    public void Update_rewrites_the_baseline_with_this_runs_failures()
    {
        var path = BaselineFile(new KnownFailure("pause-normal", "old", "Failed", "old message"));
        Baseline.FromResults(RunWithOneFailure, "simulator").Save(path);

        var reloaded = Baseline.Load(path);
        reloaded.KnownFailures.Should().ContainSingle();
        var entry = reloaded.KnownFailures[0];
        entry.Id.Should().Be("pause-conflict[status=PAUSED]");
        entry.Scenario.Should().Be("Pause and unpause a server / Scenario pause-conflict[status=PAUSED]");
        entry.Message.Should().Be("expected response code 202, got 409");
        reloaded.Target.Should().Be("simulator");
        File.ReadAllText(path).Should().Contain("\"$comment\"").And.Contain("\"knownFailures\"");
        Gate.Evaluate(RunWithOneFailure, reloaded).ExitCode.Should().Be(0);
    }

    [Test]
    public void The_reporter_updates_the_baseline_and_reports_what_was_fixed()
    {
        var dir = Fakes.TempDir("update");
        var path = Path.Combine(dir, "baseline.json");
        new Baseline([new KnownFailure("pause-normal", "old", "Failed", null)]).Save(path);
        var report = new RunReporter(new ReportOptions { ResultsDirectory = Path.Combine(dir, "run"), BaselinePath = path, UpdateBaseline = true, Html = false })
            .Write(RunWithOneFailure, Fakes.Run());
        report.BaselineWritten.Should().Be(path);
        report.ExitCode.Should().Be(ExitCodes.Conforming);
        report.Gate.Fixed.Select(f => f.Id).Should().Equal("pause-normal");
        Baseline.Load(path).KnownFailures.Select(k => k.Id).Should().Equal("pause-conflict[status=PAUSED]");
    }

    [TestCase("", "not valid JSON")]
    [TestCase("{\"format\": 1}", "no \"knownFailures\" list")]
    [TestCase("{\"format\": 9, \"knownFailures\": []}", "format 9")]
    [TestCase("{\"format\": 1, \"knownFailures\": [{\"scenario\": \"x\"}]}", "without an \"id\"")]
    public void A_bad_baseline_file_is_a_one_line_error(string content, string says)
    {
        var path = Path.Combine(Fakes.TempDir("bad"), "baseline.json");
        File.WriteAllText(path, content);
        var act = () => Baseline.Load(path);
        act.Should().Throw<BaselineException>().Which.Message.Should().Contain(says).And.Contain(path).And.NotContain("\n");
    }

    [Test]
    public void A_missing_baseline_file_says_how_to_create_it()
    {
        var act = () => Baseline.Load("/nonexistent/baseline.json");
        act.Should().Throw<BaselineException>().WithMessage("*does not exist*--update-baseline*");
    }

    [Test]
    public void Exit_codes_are_defined_once_with_their_meanings()
    {
        ExitCodes.All.Select(e => e.Code).Should().Equal(0, 1, 2, 3);
        (ExitCodes.Conforming, ExitCodes.ConformanceFailures, ExitCodes.UsageOrConfigurationError, ExitCodes.EndpointUnreachable).Should().Be((0, 1, 2, 3));
    }
}
