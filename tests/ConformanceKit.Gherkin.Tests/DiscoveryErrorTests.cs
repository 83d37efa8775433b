using ConformanceKit.Gherkin.Tests.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Gherkin.Tests;

public sealed class DiscoveryErrorTests
{
    [Test]
    public void Undefined_step_is_an_error_with_file_line_and_a_snippet()
    {
        var suite = FeatureFolder.Discover(
            """
            @discovery
            Feature: Undefined
              @id:u1
              Scenario: Ports
                Given a server
                And the server has 3 ports named "eth0" at 2.5
            """);

        suite.Errors.Should().ContainSingle();
        var error = suite.Errors[0];
        error.Kind.Should().Be(DiscoveryErrorKind.UndefinedStep);
        error.File.Should().Be("test.feature");
        error.Line.Should().Be(6);
        error.ToString().ReplaceLineEndings("\n").Should().Be(
            """
            test.feature:6: undefined step 'And the server has 3 ports named "eth0" at 2.5'
            Add a step definition to a [Binding] class, for example:
                [Given("the server has {int} ports named {string} at {float}")]
                public void GivenTheServerHasPortsNamedAt(int p0, string p1, Decimal p2)
                {
                    throw new PendingStepException();
                }
            """);
        suite.Scenarios.Should().ContainSingle("a scenario with an undefined step is still listed, to be reported as Broken");
    }

    [Test]
    public void Undefined_step_with_a_table_gets_a_table_parameter_in_its_snippet()
    {
        var suite = FeatureFolder.Discover(
            """
            @discovery
            Feature: Undefined
              @id:u1
              Scenario: Table
                When the owner sends (as admin/owner):
                  | a |
            """);

        suite.Errors.Single().Suggestion!.ReplaceLineEndings("\n").Should().Contain(
            """
                [When("the owner sends \\(as admin/owner\\):")]
                public void WhenTheOwnerSendsAsAdminOwner(DataTable dataTable)
            """);
    }

    [Test]
    public void Step_matching_only_a_binding_of_another_keyword_says_so()
    {
        var suite = FeatureFolder.Discover(
            """
            @discovery
            Feature: Keyword
              @id:k1
              Scenario: Wrong keyword
                When a server
            """);

        suite.Errors.Single().Message.Should().Be(
            "undefined step 'When a server'; ServerSteps.AServer matches this text but is a [Given] step: change the step's keyword or add [When(\"a server\")] to it");
    }

    [Test]
    public void Ambiguous_step_is_an_error_naming_every_match()
    {
        var suite = FeatureFolder.Discover(
            """
            @discovery
            Feature: Ambiguous
              @id:a1
              Scenario: Two bindings
                Given a server
                Then the server is ACTIVE
            """);

        var error = suite.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(DiscoveryErrorKind.AmbiguousStep);
        error.ToString().Should().StartWith(
            "test.feature:6: ambiguous step 'Then the server is ACTIVE': 2 step definitions match it: "
            + "ServerSteps.ServerIs (\"the server is {word}\"), StatusSteps.ServerIsActive (\"the server is ACTIVE\")");
        error.Suggestion.Should().Contain("exactly one matches");
    }

    [Test]
    public void Malformed_feature_is_a_parse_error_with_its_line_and_the_parser_message()
    {
        var suite = FeatureFolder.DiscoverFiles(
            [
                ("good.feature", "@discovery\nFeature: Good\n  @id:g1\n  Scenario: Fine\n    Given a server\n"),
                ("sub/bad.feature", "@discovery\nFeature: Bad\n  Scenario: Broken\n    Given a server\n  this line is not Gherkin\n"),
            ],
            null);

        var error = suite.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(DiscoveryErrorKind.ParseError);
        error.File.Should().Be("sub/bad.feature");
        error.Line.Should().Be(5);
        error.Message.Should().StartWith("the feature does not parse: expected: #EOF, #TableRow");
        error.Message.Should().EndWith("got 'this line is not Gherkin'");
        error.ToString().Should().StartWith("sub/bad.feature:5: the feature does not parse: expected:");
        suite.Scenarios.Select(s => s.Id).Should().Equal("g1");
    }

    [Test]
    public void Every_parse_error_of_a_file_is_reported()
    {
        var suite = FeatureFolder.Discover(
            "@discovery\nFeature: Bad\n  Scenario: One\n    Given a server\n  oops\n  Scenario: Two\n    Given a server\n  oops again\n");

        suite.Errors.Select(e => (e.Kind, e.Line)).Should().Equal((DiscoveryErrorKind.ParseError, 5), (DiscoveryErrorKind.ParseError, 8));
    }

    [Test]
    public void Table_or_doc_string_that_the_method_does_not_take_is_an_error()
    {
        var suite = FeatureFolder.Discover(
            """"
            @discovery
            Feature: Arguments
              @id:t1
              Scenario: Table
                Given a server
                  | name |
                Then the server is ACTIVE
                  """
                  text
                  """
            """");

        suite.Errors.Select(e => (e.Kind, e.Line, e.Message)).Should().Equal(
            (DiscoveryErrorKind.InvalidArgument, 5, "step 'Given a server' matches ServerSteps.AServer (\"a server\"), Steps.A (\"a {word}\") but its arguments do not fit: "
                + "the step gives 0 value(s) and a data table; ServerSteps.AServer takes (); the step gives 1 value(s) and a data table; Steps.A takes (String)"),
            (DiscoveryErrorKind.InvalidArgument, 7, "step 'Then the server is ACTIVE' matches ServerSteps.ServerIs (\"the server is {word}\"), StatusSteps.ServerIsActive (\"the server is ACTIVE\") but its arguments do not fit: "
                + "the step gives 1 value(s) and a doc string; ServerSteps.ServerIs takes (String); the step gives 0 value(s) and a doc string; StatusSteps.ServerIsActive takes ()"));
    }

    [Test]
    public async Task Value_that_does_not_convert_fails_its_step_when_Reqnroll_runs_it()
    {
        // Reqnroll's Cucumber expressions match {int} by its pattern; the conversion happens when the step runs.
        var harness = Harness.For(
            """
            @discovery
            Feature: Values
              @id:v1
              Scenario: Too big
                Given 99999999999 servers
            """);

        var result = await harness.RunSingleAsync();

        result.Outcome.Should().Be(Core.Results.Outcome.Failed);
        result.Message.Should().Contain("too large");
    }

    [Test]
    public void Duplicate_ids_are_an_error_and_a_missing_id_a_warning()
    {
        var suite = FeatureFolder.Discover(
            """
            @discovery
            Feature: Ids
              @id:same
              Scenario: First
                Given a server

              @id:same
              Scenario: Second
                Given a server

              Scenario: No id here
                Given a server
            """);

        var error = suite.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(DiscoveryErrorKind.DuplicateId);
        error.Message.Should().Be("the id 'same' is used by 2 scenarios (test.feature:4, test.feature:8)");
        suite.Warnings.Select(w => w.ToString()).Should().Equal(
            "test.feature:11: scenario 'No id here' has no @id:... tag; using the generated id 'test/no-id-here', which changes when the scenario is renamed");
        suite.Scenarios.Single(s => s.Scenario == "No id here").Id.Should().Be("test/no-id-here");
    }

    [Test]
    public void Missing_features_directory_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ck-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var discover = () => GherkinSuite.Discover(missing, typeof(DiscoveryErrorTests).Assembly);
        discover.Should().Throw<DirectoryNotFoundException>().WithMessage($"The features directory '{missing}' does not exist*");
    }

    [Binding]
    [Reqnroll.Scope(Tag = "discovery")]
    public sealed class ServerSteps
    {
        [Given("a server")]
        public void AServer()
        {
        }

        [Given("{int} servers")]
        public void Servers(int count) => _ = count;

        [Then("the server is {word}")]
        public void ServerIs(string status) => _ = status;
    }

    [Binding]
    [Reqnroll.Scope(Tag = "discovery")]
    public sealed class StatusSteps
    {
        [Then("the server is ACTIVE")]
        public void ServerIsActive()
        {
        }
    }
}
