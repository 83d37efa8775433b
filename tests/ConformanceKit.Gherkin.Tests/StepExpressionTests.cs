using ConformanceKit.Gherkin.Expressions;
using FluentAssertions;

namespace ConformanceKit.Gherkin.Tests;

public sealed class StepExpressionTests
{
    private static readonly IReadOnlyDictionary<string, ParameterType> BuiltIns = BuiltInParameterTypes.All.ToDictionary(t => t.Name);

    [TestCase("the server has {int} ports", "the server has 3 ports", "3")]
    [TestCase("the server has {int} ports", "the server has -12 ports", "-12")]
    [TestCase("it takes {float} seconds", "it takes 2.5 seconds", "2.5")]
    [TestCase("it takes {float} seconds", "it takes .5 seconds", ".5")]
    [TestCase("it takes {float} seconds", "it takes 1e3 seconds", "1e3")]
    [TestCase("the status is {word}", "the status is SHELVED_OFFLOADED", "SHELVED_OFFLOADED")]
    [TestCase("the name is {string}", "the name is \"web 1\"", "\"web 1\"")]
    [TestCase("the name is {string}", "the name is 'web 1'", "'web 1'")]
    [TestCase("the body is {}", "the body is anything at all", "anything at all")]
    [TestCase("{int} and {word}", "4 and five", "4|five")]
    [TestCase("^the server is (\\w+) after (\\d+) polls$", "the server is PAUSED after 3 polls", "PAUSED|3")]
    public void Expression_matches_and_captures(string expression, string text, string captures)
    {
        var compiled = StepExpressionCompiler.Compile(expression, BuiltIns);
        compiled.Match(text).Should().Equal(captures.Split('|'));
    }

    [TestCase("I have {int} cucumber(s)", "I have 1 cucumber", true)]
    [TestCase("I have {int} cucumber(s)", "I have 2 cucumbers", true)]
    [TestCase("I have {int} cucumber(s)", "I have 2 cucumberss", false)]
    [TestCase("the owner pauses/suspends the server", "the owner pauses the server", true)]
    [TestCase("the owner pauses/suspends the server", "the owner suspends the server", true)]
    [TestCase("the owner pauses/suspends the server", "the owner stops the server", false)]
    [TestCase("the owner pause(s)/suspend(s) it", "the owner suspend it", true)]
    [TestCase("a server", "a server in ACTIVE", false)]
    [TestCase("a server", "with a server", false)]
    [TestCase("a {word}", "a two words", false)]
    [TestCase("costs \\{int\\} \\(net\\) a\\/b", "costs {int} (net) a/b", true)]
    [TestCase("dots . and + stay literal", "dots . and + stay literal", true)]
    [TestCase("dots . and + stay literal", "dots x and + stay literal", false)]
    [TestCase("{int}", "12a", false)]
    public void Expression_matches_the_whole_text_only(string expression, string text, bool matches)
    {
        StepExpressionCompiler.Compile(expression, BuiltIns).Match(text).Should().Match(c => (c != null) == matches);
    }

    [Test]
    public void String_parameter_removes_quotes_and_unescapes_the_quote_character()
    {
        BuiltInParameterTypes.String.Convert("\"say \\\"hi\\\"\"", typeof(string)).Should().Be("say \"hi\"");
        BuiltInParameterTypes.String.Convert("'it\\'s'", typeof(string)).Should().Be("it's");
        BuiltInParameterTypes.String.Convert("\"\"", typeof(string)).Should().Be(string.Empty);
    }

    [Test]
    public void Built_in_values_convert_to_the_parameter_type()
    {
        BuiltInParameterTypes.Int.Convert("42", typeof(int)).Should().Be(42);
        BuiltInParameterTypes.Int.Convert("42", typeof(long)).Should().Be(42L);
        BuiltInParameterTypes.Float.Convert("2.5", typeof(double)).Should().Be(2.5);
        BuiltInParameterTypes.Float.Convert("2.5", typeof(decimal)).Should().Be(2.5m);
        BuiltInParameterTypes.Word.Convert("monday", typeof(DayOfWeek?)).Should().Be(DayOfWeek.Monday);
        BuiltInParameterTypes.Word.Convert("2.93", typeof(Core.Microversion)).Should().Be(new Core.Microversion(2, 93));
    }

    [TestCase("paused", typeof(DayOfWeek), "'paused' is not a valid DayOfWeek: 'paused' is not one of Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday")]
    [TestCase("1", typeof(DayOfWeek), "'1' is not a valid DayOfWeek: '1' is not one of Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday")]
    [TestCase("x", typeof(int), "'x' is not a valid Int32: The input string 'x' was not in a correct format")]
    public void Built_in_value_that_does_not_convert_says_why(string text, Type type, string message)
    {
        var convert = () => BuiltInParameterTypes.Word.Convert(text, type);
        convert.Should().Throw<FormatException>().Which.Message.Should().Be(message);
    }

    [TestCase("a {colour}", "unknown parameter type {colour} at position 3; known types: {int}, {float}, {word}, {string}, {}")]
    [TestCase("a {int", "the parameter '{' at position 3 is not closed with '}'; escape it as '\\{' if it is text")]
    [TestCase("a (s", "the optional text '(' at position 3 is not closed with ')'; escape it as '\\(' if it is text")]
    [TestCase("a ()", "the optional text at position 3 must be plain, non-empty text (no parameters, '/', '\\' or nesting)")]
    [TestCase("a b)", "the ')' at position 4 has no opening bracket; escape it as '\\)' if it is text")]
    [TestCase("a {int}/b", "the parameter {int} at position 3 cannot be part of an alternation ('/'); escape the '/' as '\\/' if it is text")]
    [TestCase("a / b", "an alternation in 'a / b' has an empty alternative; escape the '/' as '\\/' if it is text")]
    [TestCase("^a (b$", "invalid regular expression: Invalid pattern '^a (b$' at offset 6. Not enough )'s.")]
    public void Invalid_expression_is_rejected_with_a_reason(string expression, string reason)
    {
        var compile = () => StepExpressionCompiler.Compile(expression, BuiltIns);
        compile.Should().Throw<FormatException>().Which.Message.Should().Be(reason);
    }
}
