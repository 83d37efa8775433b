using ConformanceKit.Gherkin.Tests.Support;
using FluentAssertions;

namespace ConformanceKit.Gherkin.Tests;

public sealed class DiscoveryErrorTests
{
    [Test]
    public void Undefined_step_is_an_error_with_file_line_and_a_snippet()
    {
        var suite = FeatureFolder.Discover(
            """
            Feature: Undefined
              @id:u1
              Scenario: Ports
                Given a server
                And the server has 3 ports named "eth0" at 2.5
            """,
            typeof(ServerSteps));

        suite.Errors.Should().ContainSingle();
        var error = suite.Errors[0];
        error.Kind.Should().Be(DiscoveryErrorKind.UndefinedStep);
        error.File.Should().Be("test.feature");
        error.Line.Should().Be(5);
        error.ToString().ReplaceLineEndings("\n").Should().Be(
            """
            test.feature:5: undefined step 'Given the server has 3 ports named "eth0" at 2.5'
            Add a step definition to a [Binding] class, for example:
                [Given("the server has {int} ports named {string} at {float}")]
                public void GivenTheServerHasPortsNamedAt(int p0, string p1, double p2)
                {
                    throw new NotImplementedException();
                }
            """);
        suite.Scenarios.Should().ContainSingle("a scenario with an undefined step is still listed, to be reported as Broken");
    }

    [Test]
    public void Undefined_step_with_a_table_gets_a_table_parameter_in_its_snippet()
    {
        var suite = FeatureFolder.Discover(
            """
            Feature: Undefined
              @id:u1
              Scenario: Table
                When the owner sends (as admin/owner):
                  | a |
            """,
            typeof(ServerSteps));

        suite.Errors.Single().Suggestion!.ReplaceLineEndings("\n").Should().Contain(
            """
                [When("the owner sends \\(as admin\\/owner\\):")]
                public void WhenTheOwnerSendsAsAdminOwner(DataTable table)
            """);
    }

    [Test]
    public void Step_matching_only_a_binding_of_another_keyword_says_so()
    {
        var suite = FeatureFolder.Discover(
            """
            Feature: Keyword
              @id:k1
              Scenario: Wrong keyword
                When a server
            """,
            typeof(ServerSteps));

        suite.Errors.Single().Message.Should().Be(
            "undefined step 'When a server'; ServerSteps.AServer matches this text but is a [Given] step: change the step's keyword or add [When(\"a server\")] to it");
    }

    [Test]
    public void Ambiguous_step_is_an_error_naming_every_match()
    {
        var suite = FeatureFolder.Discover(
            """
            Feature: Ambiguous
              @id:a1
              Scenario: Two bindings
                Given a server
                Then the server is ACTIVE
            """,
            typeof(ServerSteps),
            typeof(StatusSteps));

        var error = suite.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(DiscoveryErrorKind.AmbiguousStep);
        error.ToString().Should().StartWith(
            "test.feature:5: ambiguous step 'Then the server is ACTIVE': 2 step definitions match it: "
            + "ServerSteps.ServerIs (\"the server is {word}\"), StatusSteps.ServerIsActive (\"the server is ACTIVE\")");
        error.Suggestion.Should().Contain("exactly one matches");
    }

    [Test]
    public void Malformed_feature_is_a_parse_error_with_its_line_and_the_parser_message()
    {
        var suite = FeatureFolder.DiscoverFiles(
            [
                ("good.feature", "Feature: Good\n  @id:g1\n  Scenario: Fine\n    Given a server\n"),
                ("sub/bad.feature", "Feature: Bad\n  Scenario: Broken\n    Given a server\n  this line is not Gherkin\n"),
            ],
            null,
            typeof(ServerSteps));

        var error = suite.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(DiscoveryErrorKind.ParseError);
        error.File.Should().Be("sub/bad.feature");
        error.Line.Should().Be(4);
        error.Message.Should().StartWith("the feature does not parse: expected: #EOF, #TableRow");
        error.Message.Should().EndWith("got 'this line is not Gherkin'");
        error.ToString().Should().StartWith("sub/bad.feature:4: the feature does not parse: expected:");
        suite.Scenarios.Select(s => s.Id).Should().Equal("g1");
    }

    [Test]
    public void Every_parse_error_of_a_file_is_reported()
    {
        var suite = FeatureFolder.Discover(
            "Feature: Bad\n  Scenario: One\n    Given a server\n  oops\n  Scenario: Two\n    Given a server\n  oops again\n",
            typeof(ServerSteps));

        suite.Errors.Select(e => (e.Kind, e.Line)).Should().Equal((DiscoveryErrorKind.ParseError, 4), (DiscoveryErrorKind.ParseError, 7));
    }

    [Test]
    public void Table_or_doc_string_that_the_method_does_not_take_is_an_error()
    {
        var suite = FeatureFolder.Discover(
            """"
            Feature: Arguments
              @id:t1
              Scenario: Table
                Given a server
                  | name |
                Then the server is ACTIVE
                  """
                  text
                  """
            """",
            typeof(ServerSteps));

        suite.Errors.Select(e => (e.Kind, e.Line, e.Message)).Should().Equal(
            (DiscoveryErrorKind.InvalidArgument, 4, "step 'Given a server' matches ServerSteps.AServer (\"a server\") but the step has a data table but the method takes no DataTable parameter"),
            (DiscoveryErrorKind.InvalidArgument, 6, "step 'Then the server is ACTIVE' matches ServerSteps.ServerIs (\"the server is {word}\") but the step has a doc string but the method takes no string parameter for it"));
    }

    [Test]
    public void Value_that_does_not_convert_is_an_error_at_discovery()
    {
        var suite = FeatureFolder.Discover(
            """
            Feature: Values
              @id:v1
              Scenario: Too big
                Given 99999999999 servers
            """,
            typeof(ServerSteps));

        var error = suite.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(DiscoveryErrorKind.InvalidArgument);
        error.Line.Should().Be(4);
        error.Message.Should().StartWith("step 'Given 99999999999 servers' matches ServerSteps.Servers (\"{int} servers\") but '99999999999' is not a valid Int32");
    }

    [Test]
    public void Duplicate_ids_are_an_error_and_a_missing_id_a_warning()
    {
        var suite = FeatureFolder.Discover(
            """
            Feature: Ids
              @id:same
              Scenario: First
                Given a server

              @id:same
              Scenario: Second
                Given a server

              Scenario: No id here
                Given a server
            """,
            typeof(ServerSteps));

        var error = suite.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(DiscoveryErrorKind.DuplicateId);
        error.Message.Should().Be("the id 'same' is used by 2 scenarios (test.feature:3, test.feature:7)");
        suite.Warnings.Select(w => w.ToString()).Should().Equal(
            "test.feature:10: scenario 'No id here' has no @id:... tag; using the generated id 'test/no-id-here', which changes when the scenario is renamed");
        suite.Scenarios.Single(s => s.Scenario == "No id here").Id.Should().Be("test/no-id-here");
    }

    [Test]
    public void Missing_features_directory_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ck-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var discover = () => GherkinSuite.Discover(missing, BindingRegistry.FromTypes(typeof(ServerSteps)));
        discover.Should().Throw<DirectoryNotFoundException>().WithMessage($"The features directory '{missing}' does not exist*");
    }

    [Binding]
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
    public sealed class StatusSteps
    {
        [Then("the server is ACTIVE")]
        public void ServerIsActive()
        {
        }
    }
}
