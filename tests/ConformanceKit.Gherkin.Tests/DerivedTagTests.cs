using ConformanceKit.Gherkin.Tests.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Gherkin.Tests;

/// <summary>
/// A discovery's tag source gives a scenario tags from what its steps are bound to: here a When step's {fruit}
/// (a [StepArgumentTransformation] to <see cref="DerivedTagTests.Fruit"/>) tags the scenario with the fruit, so one
/// Examples table can list several without a tag per row; the tag filter sees the derived tags.
/// </summary>
public sealed class DerivedTagTests
{
    private const string Feature = """
        @derived-tags
        Feature: Derived tags
          @id:dt-eat
          Scenario Outline: Eat <fruit>
            Given a basket
            When the owner eats <fruit>

            Examples:
              | fruit  |
              | apples |
              | pears  |

          @id:dt-none @fruit:written
          Scenario: Nothing eaten
            Given a basket
        """;

    public sealed record Fruit(string Name);

    private static IEnumerable<string> FruitTags(BoundStep step) =>
        step.Step.KeywordType == StepKeyword.When && step.ArgumentOfType(typeof(Fruit)) is { } text ? [$"@fruit:{text}"] : [];

    private static GherkinSuite Discover(string? filter)
    {
        using var folder = new FeatureFolder(("test.feature", Feature));
        return GherkinSuite.Discover(folder.Path, typeof(DerivedTagTests).Assembly, filter, tagsOfStep: FruitTags);
    }

    [Test]
    public void A_bound_step_tags_its_scenario_row_by_row_and_written_tags_stay()
    {
        var suite = Discover(null);
        suite.Errors.Should().BeEmpty();
        suite.Scenarios.Select(s => $"{s.Id}: {string.Join(" ", s.Tags)}").Should().Equal(
            "dt-eat[fruit=apples]: @derived-tags @id:dt-eat @fruit:apples",
            "dt-eat[fruit=pears]: @derived-tags @id:dt-eat @fruit:pears",
            "dt-none: @derived-tags @id:dt-none @fruit:written");
    }

    [Test]
    public void The_tag_filter_selects_on_derived_tags()
    {
        Discover("@fruit:pears").Scenarios.Select(s => s.Id).Should().Equal("dt-eat[fruit=pears]");
        Discover("not @fruit:apples").Scenarios.Select(s => s.Id).Should().Equal("dt-eat[fruit=pears]", "dt-none");
    }

    [Test]
    public void Without_a_tag_source_only_written_tags_are_there()
    {
        using var folder = new FeatureFolder(("test.feature", Feature));
        GherkinSuite.Discover(folder.Path, typeof(DerivedTagTests).Assembly).Scenarios
            .Should().OnlyContain(s => !s.Tags.Any(t => t.StartsWith("@fruit:", StringComparison.Ordinal) && t != "@fruit:written"));
    }

    [Binding]
    [Scope(Tag = "derived-tags")]
    public sealed class DerivedTagSteps
    {
        [StepArgumentTransformation("(apples|pears)", Name = "fruit")]
        public static Fruit ToFruit(string name) => new(name);

        [Given("a basket")]
        public void ABasket() { }

        [When("the owner eats {fruit}")]
        public void Eats(Fruit fruit) { }
    }
}
