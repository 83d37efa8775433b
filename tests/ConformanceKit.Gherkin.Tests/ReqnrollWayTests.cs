using ConformanceKit.Core.Results;
using ConformanceKit.Gherkin.Tests.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Gherkin.Tests;

/// <summary>
/// Bindings written the way Reqnroll users write them run as they expect: a [StepArgumentTransformation] (as a named
/// Cucumber-expression parameter type), a hook scoped by tag, ScenarioContext and FeatureContext injected by Reqnroll's
/// container, and a setting read from reqnroll.json.
/// </summary>
public sealed class ReqnrollWayTests
{
    private const string Feature = """
        @reqnroll-way
        Feature: The Reqnroll way
          @id:rw-plain
          Scenario: Plain
            Given the server waits 5 minutes
            When the scenario remembers "ACTIVE"
            Then the remembered value is "ACTIVE"

          @id:rw-tagged @tagged
          Scenario: Tagged
            Given the server waits 1 minute
        """;

    [Test]
    public async Task A_step_argument_transformation_converts_the_text_for_a_named_parameter_type()
    {
        var harness = Harness.For(Feature);
        harness.Suite.Errors.Should().BeEmpty();

        var result = await harness.RunAsync(harness.Suite.Scenarios.Single(s => s.Id == "rw-plain"));

        result.Outcome.Should().Be(Outcome.Passed, result.Message);
        harness.Journal.Entries.Should().Contain("waits 00:05:00");
    }

    [Test]
    public async Task A_hook_scoped_by_tag_runs_only_for_scenarios_with_that_tag()
    {
        var harness = Harness.For(Feature);

        var plain = await harness.RunAsync(harness.Suite.Scenarios.Single(s => s.Id == "rw-plain"));
        harness.Journal.Entries.Should().NotContain(e => e.StartsWith("tagged hook", StringComparison.Ordinal));
        var tagged = await harness.RunAsync(harness.Suite.Scenarios.Single(s => s.Id == "rw-tagged"));

        (plain.Outcome, tagged.Outcome).Should().Be((Outcome.Passed, Outcome.Passed));
        harness.Journal.Entries.Should().ContainInOrder("tagged hook for Tagged", "waits 00:01:00");
        harness.Journal.Entries.Count(e => e.StartsWith("tagged hook", StringComparison.Ordinal)).Should().Be(1);
    }

    [Test]
    public async Task ScenarioContext_and_FeatureContext_are_injected_and_carry_the_scenario()
    {
        var harness = Harness.For(Feature);

        var result = await harness.RunAsync(harness.Suite.Scenarios.Single(s => s.Id == "rw-plain"));

        result.Outcome.Should().Be(Outcome.Passed, result.Message);
        harness.Journal.Entries.Should().Contain("scenario 'Plain' of feature 'The Reqnroll way', tags id:rw-plain, inherited reqnroll-way");
        harness.Journal.Entries.Should().Contain("remembered ACTIVE");
    }

    [Test]
    public void A_setting_in_reqnroll_json_is_honoured_the_snippet_style()
    {
        var config = Path.Combine(Path.GetTempPath(), $"ck-reqnroll-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{ "trace": { "stepDefinitionSkeletonStyle": "AsyncCucumberExpressionAttribute" } }""");
        try
        {
            const string undefined = "@reqnroll-way\nFeature: F\n  @id:u\n  Scenario: S\n    Given the moon is made of cheese\n";
            var byDefault = FeatureFolder.Discover(undefined).Errors.Single().Suggestion;
            var configured = FeatureFolder.Discover(undefined, config).Errors.Single().Suggestion;

            byDefault.Should().Contain("public void GivenTheMoonIsMadeOfCheese()");
            configured.Should().Contain("[Given(\"the moon is made of cheese\")]").And.Contain("public async Task GivenTheMoonIsMadeOfCheeseAsync()");
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Binding]
    [Scope(Tag = "reqnroll-way")]
    public sealed class ReqnrollWaySteps(Journal journal, ScenarioContext scenario, FeatureContext feature)
    {
        [StepArgumentTransformation(@"(\d+) minutes?", Name = "duration")]
        public static TimeSpan Minutes(int minutes) => TimeSpan.FromMinutes(minutes);

        [Given("the server waits {duration}")]
        public void Waits(TimeSpan duration) => journal.Add($"waits {duration}");

        [When("the scenario remembers {string}")]
        public void Remembers(string value)
        {
            scenario["remembered"] = value;
            journal.Add($"scenario '{scenario.ScenarioInfo.Title}' of feature '{feature.FeatureInfo.Title}', tags {string.Join(" ", scenario.ScenarioInfo.Tags)}, inherited {string.Join(" ", scenario.ScenarioInfo.CombinedTags.Except(scenario.ScenarioInfo.Tags))}");
        }

        [Then("the remembered value is {string}")]
        public void RememberedIs(string value)
        {
            scenario.Get<string>("remembered").Should().Be(value);
            journal.Add($"remembered {value}");
        }
    }

    /// <summary>Not class-scoped: the hook's own tag is its only scope (a class [Scope] would take its place).</summary>
    [Binding]
    public sealed class TaggedHooks(Journal journal, ScenarioContext scenario)
    {
        [BeforeScenario("tagged")]
        public void TaggedHook() => journal.Add($"tagged hook for {scenario.ScenarioInfo.Title}");
    }
}
