using ConformanceKit.Gherkin.Tests.Support;
using FluentAssertions;

namespace ConformanceKit.Gherkin.Tests;

public sealed class TagExpressionTests
{
    [TestCase("@a", "@a @b", true)]
    [TestCase("@a", "@b", false)]
    [TestCase("@a", "@A", false)]
    [TestCase("not @a", "@b", true)]
    [TestCase("not @a", "@a", false)]
    [TestCase("@a and @b", "@a @b", true)]
    [TestCase("@a and @b", "@a", false)]
    [TestCase("@a or @b", "@b", true)]
    [TestCase("@a or @b", "@c", false)]
    [TestCase("@a and not @b", "@a", true)]
    [TestCase("@a and not @b", "@a @b", false)]
    [TestCase("@a or @b and @c", "@a", true)]
    [TestCase("(@a or @b) and @c", "@a", false)]
    [TestCase("(@a or @b) and @c", "@b @c", true)]
    [TestCase("not (@a or @b)", "@c", true)]
    [TestCase("not (@a or @b)", "@b", false)]
    [TestCase("not not @a", "@a", true)]
    [TestCase("@action:pause and not @microversion:2.17+", "@action:pause", true)]
    [TestCase("@odd\\(name\\)", "@odd(name)", true)]
    [TestCase("", "@anything", true)]
    public void Expression_evaluates_against_tags(string expression, string tags, bool expected)
    {
        TagExpression.Parse(expression).Matches(tags.Split(' ')).Should().Be(expected);
    }

    [TestCase("@a or @b and @c", "( @a or ( @b and @c ) )")]
    [TestCase("not @a and @b", "( not ( @a ) and @b )")]
    [TestCase("(@a or @b) and not (@c)", "( ( @a or @b ) and not ( @c ) )")]
    public void Precedence_is_not_then_and_then_or(string expression, string canonical)
    {
        TagExpression.Parse(expression).ToCanonicalString().Should().Be(canonical);
    }

    [TestCase("@a and", "Invalid tag expression '@a and': a tag or '(' is missing at the end after 'and'.")]
    [TestCase("(@a or @b", "Invalid tag expression '(@a or @b': the '(' at position 1 is not closed.")]
    [TestCase("@a @b", "Invalid tag expression '@a @b': unexpected '@b' at position 4; join terms with 'and' or 'or'.")]
    [TestCase("slow", "Invalid tag expression 'slow': 'slow' at position 1 is not a tag; tags start with '@'.")]
    [TestCase("or @a", "Invalid tag expression 'or @a': 'or' at position 1 needs a tag before it.")]
    [TestCase("@a)", "Invalid tag expression '@a)': unexpected ')' at position 3; join terms with 'and' or 'or'.")]
    public void Invalid_expression_gives_a_one_line_reason(string expression, string message)
    {
        TagExpression.TryParse(expression, out var parsed, out var error).Should().BeFalse();
        parsed.Should().BeNull();
        error.Should().Be(message);
        var parse = () => TagExpression.Parse(expression);
        parse.Should().Throw<FormatException>().WithMessage(message);
    }

    [Test]
    public void Discovery_selects_scenarios_by_tag_expression_including_inherited_and_examples_tags()
    {
        const string Feature = """
            @pausing
            Feature: Filter
              @id:one @slow
              Scenario: One
                Given a step

              @id:two
              Scenario: Two
                Given a step

              @id:three
              Scenario Outline: Three
                Given a <x>
                @wip
                Examples:
                  | x    |
                  | step |
                Examples:
                  | x    |
                  | thing |
            """;

        Ids(Feature, "@slow or @wip").Should().Equal("one", "three[x=step]");
        Ids(Feature, "@pausing and not (@slow or @wip)").Should().Equal("two", "three[x=thing]");
        Ids(Feature, null).Should().HaveCount(4);
    }

    [Test]
    public void Undefined_steps_of_scenarios_left_out_by_the_filter_are_not_errors()
    {
        var suite = FeatureFolder.DiscoverFiles(
            [("f.feature", "Feature: F\n  @id:in\n  Scenario: In\n    Given a step\n  @id:out @wip\n  Scenario: Out\n    Given nothing binds this\n")],
            "not @wip");

        suite.Errors.Should().BeEmpty();
        suite.Scenarios.Select(s => s.Id).Should().Equal("in");
    }

    [Test]
    public void Discovery_rejects_an_invalid_filter()
    {
        var discover = () => FeatureFolder.DiscoverFiles([("f.feature", "Feature: F\n")], "@a and (");
        discover.Should().Throw<FormatException>().WithMessage("Invalid tag expression '@a and (': *");
    }

    private static IEnumerable<string> Ids(string feature, string? filter) =>
        FeatureFolder.DiscoverFiles([("f.feature", feature)], filter).Scenarios.Select(s => s.Id);

    /// <summary>Not scoped: any feature's "a …" step; a scoped binding of another test that matches too wins over it.</summary>
    [Reqnroll.Binding]
    public sealed class Steps
    {
        [Reqnroll.Given("a {word}")]
        public void A(string what) => _ = what;
    }
}
