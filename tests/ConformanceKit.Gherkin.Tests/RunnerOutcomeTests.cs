using ConformanceKit.Core.Results;
using ConformanceKit.Gherkin.Tests.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Gherkin.Tests;

public sealed class RunnerOutcomeTests
{
    private static string Feature(string middleStep) => $"""
        @outcomes
        Feature: Outcomes
          @id:o1
          Scenario: One outcome
            Given a step that passes
            When {middleStep}
            Then a later step
        """;

    [Test]
    public async Task Passing_scenario_records_every_step_with_times()
    {
        var harness = Harness.For(Feature("an async step that passes"));

        var result = await harness.RunSingleAsync(new RunOptions { Clock = new SteppingClock() });

        result.Outcome.Should().Be(Outcome.Passed);
        result.Message.Should().BeNull();
        result.Steps.Select(s => (s.Keyword, s.Text, s.Outcome)).Should().Equal(
            ("Given", "a step that passes", Outcome.Passed),
            ("When", "an async step that passes", Outcome.Passed),
            ("Then", "a later step", Outcome.Passed));
        harness.Journal.Entries.Should().Equal("passes", "async passes", "later");

        // Clock reads: scenario start, then start and stop of each step, then scenario stop.
        result.Start.Should().Be(SteppingClock.Origin);
        result.Steps.Select(s => (s.Start - SteppingClock.Origin).TotalSeconds).Should().Equal(1, 3, 5);
        result.Steps.Select(s => (s.Stop - s.Start).TotalSeconds).Should().Equal(1, 1, 1);
        result.Stop.Should().Be(SteppingClock.Origin.AddSeconds(7));
    }

    [TestCase("a step fails with \"expected 202, got 409\"", Outcome.Failed, "expected 202, got 409", true)]
    [TestCase("an async step fails with \"late failure\"", Outcome.Failed, "late failure", true)]
    [TestCase("the scenario is skipped because \"needs 2.17\"", Outcome.Skipped, "needs 2.17", false)]
    [TestCase("the action is not supported because \"501 from the driver\"", Outcome.NotSupported, "501 from the driver", false)]
    [TestCase("the endpoint breaks with \"500 Internal Server Error\"", Outcome.Broken, "500 Internal Server Error", true)]
    [TestCase("the endpoint does not answer with \"refused\"", Outcome.Broken, "The endpoint failed: refused", true)]
    public async Task Step_exception_sets_the_outcome_and_skips_later_steps(string step, Outcome outcome, string message, bool hasTrace)
    {
        var harness = Harness.For(Feature(step));

        var result = await harness.RunSingleAsync();

        result.Outcome.Should().Be(outcome);
        result.Message.Should().Be(message);
        (result.Trace is not null).Should().Be(hasTrace);
        result.Steps.Select(s => s.Outcome).Should().Equal(Outcome.Passed, outcome, Outcome.Skipped);
        result.Steps[1].Message.Should().Be(message);
        result.Steps[2].Message.Should().BeNull();
        harness.Journal.Entries.Should().NotContain("later");
    }

    [Test]
    public async Task Failure_trace_keeps_the_exception_and_its_stack()
    {
        var harness = Harness.For(Feature("a step fails with \"boom\""));

        var result = await harness.RunSingleAsync();

        result.Trace.Should().StartWith("System.InvalidOperationException: boom").And.Contain(nameof(OutcomeSteps.Fails));
    }

    [Test]
    public async Task Result_carries_the_scenario_identity()
    {
        var harness = Harness.For(Feature("an async step that passes"));

        var result = await harness.RunSingleAsync();

        (result.Id, result.Feature, result.Scenario, result.FullName, result.FeatureFile, result.Line)
            .Should().Be(("o1", "Outcomes", "One outcome", "Outcomes / One outcome", "test.feature", 4));
        result.Tags.Should().Equal("@outcomes", "@id:o1");
    }

    [Test]
    public async Task Attachments_belong_to_the_step_that_made_them_and_parameters_to_the_scenario()
    {
        var harness = Harness.For(
            """
            @outcomes
            Feature: Attachments
              @id:att @attach-in-hooks
              Scenario: Attach
                Given a step that passes
                When a step attaches "request"
                Then a later step
            """);

        var result = await harness.RunSingleAsync();

        result.Outcome.Should().Be(Outcome.Passed);
        result.Attachments.Select(a => a.Name).Should().Equal("before scenario", "after scenario");
        result.Steps[0].Attachments.Select(a => a.Name).Should().Equal("after step a step that passes");
        result.Steps[1].Attachments.Should().Equal(
            new Attachment("request", "text/plain", "content of request"),
            new Attachment("after step a step attaches \"request\"", "text/plain", "When"));
        result.Parameters.Should().Equal(new Dictionary<string, string> { ["microversion"] = "2.3" });
    }

    [Test]
    public async Task Listener_sees_scenario_and_step_events_in_order()
    {
        var harness = Harness.For(Feature("a step fails with \"x\""));
        var listener = new RecordingListener();

        await harness.RunSingleAsync(new RunOptions { Listener = listener });

        listener.Events.Should().Equal(
            "scenario started o1",
            "step started a step that passes",
            "step finished a step that passes Passed",
            "step started a step fails with \"x\"",
            "step finished a step fails with \"x\" Failed",
            "step finished a later step Skipped",
            "scenario finished o1 Failed");
    }

    [Test]
    public async Task Cancelled_run_is_broken_and_runs_no_step()
    {
        var harness = Harness.For(Feature("an async step that passes"));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var result = await harness.RunAsync(harness.Suite.Scenarios[0], cancellationToken: cancellation.Token);

        result.Outcome.Should().Be(Outcome.Broken);
        result.Message.Should().Be(OutcomeMessages.NotJudgedInterrupted);
        result.Steps.Select(s => s.Outcome).Should().AllBeEquivalentTo(Outcome.Skipped);
        harness.Journal.Entries.Should().BeEmpty();
    }

    [Test]
    public async Task Scenario_with_an_undefined_step_is_broken_and_runs_nothing()
    {
        var harness = Harness.For(Feature("nothing binds this"));
        harness.Suite.Errors.Should().ContainSingle();

        var result = await harness.RunAsync(harness.Suite.Scenarios[0]);

        result.Outcome.Should().Be(Outcome.Broken);
        result.Message.Should().StartWith("test.feature:6: undefined step 'When nothing binds this'");
        result.Steps.Select(s => s.Outcome).Should().Equal(Outcome.Skipped, Outcome.Broken, Outcome.Skipped);
        harness.Journal.Entries.Should().BeEmpty();
    }

    [Binding]
    [Scope(Tag = "outcomes")]
    public sealed class OutcomeSteps(Journal journal, ScenarioContext context)
    {
        [Given("a step that passes")]
        public void Passes() => journal.Add("passes");

        [When("an async step that passes")]
        public async Task PassesAsync()
        {
            await Task.Yield();
            journal.Add("async passes");
        }

        [When("a step fails with {string}")]
        public void Fails(string message) => throw new InvalidOperationException(message);

        [When("an async step fails with {string}")]
        public async ValueTask FailsAsync(string message)
        {
            await Task.Yield();
            throw new InvalidOperationException(message);
        }

        [When("the scenario is skipped because {string}")]
        public void Skipped(string reason) => context.Skip(reason);

        [When("the action is not supported because {string}")]
        public void NotSupported(string reason) => throw new ScenarioNotSupportedException(reason);

        [When("the endpoint breaks with {string}")]
        public void Breaks(string message) => throw new ScenarioBrokenException(message);

        /// <summary>An outage met by any step is Broken (an endpoint fault), never Failed.</summary>
        [When("the endpoint does not answer with {string}")]
        public void DoesNotAnswer(string message) => throw new NoAnswer(message);

        [When("a step attaches {string}")]
        public void Attaches(string name)
        {
            context.Attach(name, "text/plain", "content of " + name);
            context.AddParameter("microversion", "2.1");
            context.AddParameter("microversion", "2.3");
        }

        [Then("a later step")]
        public void Later() => journal.Add("later");

        [BeforeScenario("attach-in-hooks")]
        public void BeforeScenario() => context.Attach("before scenario", "text/plain", "no step yet");

        [AfterStep("attach-in-hooks")]
        public void AfterStep() => context.Attach($"after step {context.StepContext.StepInfo.Text}", "text/plain", context.StepContext.StepInfo.StepDefinitionType.ToString());

        [AfterScenario("attach-in-hooks")]
        public void AfterScenario() => context.Attach("after scenario", "text/plain", "done");
    }
}

/// <summary>What a client throws when the endpoint does not answer.</summary>
public sealed class NoAnswer(string message) : EndpointFailureException(message);
