using FluentAssertions;

namespace ConformanceKit.Gherkin.Tests;

public sealed class BindingDeclarationTests
{
    [Test]
    public void Well_declared_bindings_are_all_registered()
    {
        var registry = BindingRegistry.FromTypes(typeof(GoodSteps));

        registry.Errors.Should().BeEmpty();
        registry.StepDefinitions.Select(d => d.ToString()).Should().Equal(
            "[Given(\"a server\")] GoodSteps.AServer",
            "[Given(\"an instance\")] GoodSteps.AServer",
            "[When(\"the owner sends:\")] GoodSteps.Sends",
            "[Then(\"{int} servers\")] GoodSteps.ServersAsync");
        registry.ParameterTypeNames.Should().BeEquivalentTo("int", "float", "word", "string", "", "colour");
    }

    [Test]
    public void Declaration_mistakes_are_errors_naming_the_method()
    {
        var registry = BindingRegistry.FromTypes(typeof(BadSteps), typeof(NotABinding));

        registry.StepDefinitions.Should().BeEmpty();
        var prefix = typeof(BadSteps).FullName;
        registry.Errors.Select(e => (e.Kind, e.File, e.Line)).Should().AllSatisfy(e => e.Should().Match<(DiscoveryErrorKind Kind, string, int Line)>(x => x.Kind == DiscoveryErrorKind.InvalidBinding && x.Line == 0));
        registry.Errors.Select(e => e.ToString()).Should().BeEquivalentTo(
            $"{typeof(NotABinding).FullName}: the class is not marked [Binding]; add the attribute",
            $"{prefix}.BadRegexType: the regex of {{bad}} is invalid: Invalid pattern '(' at offset 1. Not enough )'s.",
            $"{prefix}.DuplicateType: the parameter type {{int}} is already defined by built-in; give it another name",
            $"{prefix}.NotStaticType: [ParameterType(\"nonstatic\")] must be on a public static method taking one string and returning the value",
            $"{prefix}.Private: [Given(\"private\")]: the method must be public",
            $"{prefix}.ReturnsInt: [Given(\"returns int\")]: the method must return void, Task or ValueTask, not Int32",
            $"{prefix}.TooFew: [Given(\"{{int}} and {{int}}\")]: the expression captures 2 value(s), so the method takes 2 parameter(s), plus optionally a last DataTable or string (doc string); it takes 1",
            $"{prefix}.UnknownType: [Given(\"a {{colour}} server\")]: unknown parameter type {{colour}} at position 3; known types: {{int}}, {{float}}, {{word}}, {{string}}, {{}}",
            $"{prefix}.Unconvertible: [Given(\"at {{int}}\")]: parameter 'value' of type Stream cannot receive the value of {{int}}",
            $"{prefix}.BadExpression: [Given(\"a {{int server\")]: the parameter '{{' at position 3 is not closed with '}}'; escape it as '\\{{' if it is text",
            $"{prefix}.BadHookFilter: [BeforeScenario]: Invalid tag expression '@a and': a tag or '(' is missing at the end after 'and'.");
    }

    [Binding]
    public sealed class GoodSteps
    {
        [ParameterType("colour", "red|green")]
        public static string Colour(string text) => text;

        [Given("a server")]
        [Given("an instance")]
        public void AServer()
        {
        }

        [When("the owner sends:")]
        public void Sends(string docString) => _ = docString;

        [Then("{int} servers")]
        public Task ServersAsync(long count) => Task.FromResult(count);
    }

    [Binding]
    public sealed class BadSteps
    {
        [ParameterType("bad", "(")]
        public static string BadRegexType(string text) => text;

        [ParameterType("int", @"\d+")]
        public static int DuplicateType(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        [ParameterType("nonstatic", "x")]
        public string NotStaticType(string text) => text;

        [Given("returns int")]
        public int ReturnsInt() => 1;

        [Given("{int} and {int}")]
        public void TooFew(int a) => _ = a;

        [Given("a {colour} server")]
        public void UnknownType(string colour) => _ = colour;

        [Given("at {int}")]
        public void Unconvertible(Stream value) => _ = value;

        [Given("a {int server")]
        public void BadExpression(int value) => _ = value;

        [BeforeScenario("@a and")]
        public void BadHookFilter()
        {
        }

        [Given("private")]
        internal void Private()
        {
        }
    }

    public sealed class NotABinding
    {
        [Given("never registered")]
        public void Never()
        {
        }
    }
}
