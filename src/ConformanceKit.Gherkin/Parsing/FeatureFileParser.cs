using System.Text.RegularExpressions;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;

namespace ConformanceKit.Gherkin.Parsing;

/// <summary>The scenarios of one feature file, or the errors that kept it from parsing.</summary>
internal sealed record FeatureParseResult(IReadOnlyList<ParsedScenario> Scenarios, IReadOnlyList<DiscoveryError> Errors);

/// <summary>Parses a .feature file with Cucumber's parser and compiles it to pickles (backgrounds, rules and outline rows flattened).</summary>
internal static partial class FeatureFileParser
{
    public static FeatureParseResult ParseFile(string fullPath, string relativeFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(new DiscoveryError(DiscoveryErrorKind.ParseError, relativeFile, 0, $"cannot read the feature file: {e.Message}"));
        }

        return Parse(text, relativeFile);
    }

    public static FeatureParseResult Parse(string text, string relativeFile)
    {
        global::Gherkin.Ast.GherkinDocument ast;
        try
        {
            ast = new Parser { StopAtFirstError = false }.Parse(new StringReader(text));
        }
        catch (CompositeParserException e)
        {
            return Failed(e.Errors.Select(error => ToError(error, relativeFile)).ToArray());
        }
        catch (ParserException e)
        {
            return Failed(ToError(e, relativeFile));
        }

        var ids = new IncrementingIdGenerator();
        var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, relativeFile);
        if (document.Feature is null)
        {
            return new FeatureParseResult([], []);
        }

        var pickles = new PickleCompiler(ids).Compile(document).ToList();
        var source = new Io.Cucumber.Messages.Types.Source(relativeFile, text, Io.Cucumber.Messages.Types.SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN);
        var feature = new FeatureDocument(relativeFile, source, document, pickles);
        var converter = new PickleConverter(feature, new GherkinDocumentIndex(document.Feature));
        var scenarios = pickles.Select(converter.Convert).ToList();
        return new FeatureParseResult(scenarios, []);
    }

    private static FeatureParseResult Failed(params DiscoveryError[] errors) => new([], errors);

    private static DiscoveryError ToError(ParserException error, string relativeFile) =>
        new(
            DiscoveryErrorKind.ParseError,
            relativeFile,
            error.Location?.Line ?? 0,
            "the feature does not parse: " + LocationPrefix().Replace(error.Message, string.Empty),
            "Fix the Gherkin syntax at that line (keywords: Feature, Rule, Background, Scenario, Scenario Outline, Examples, Given/When/Then/And/But, tables, \"\"\" doc strings).");

    /// <summary>The "(line:column): " the parser puts in front of its messages; our errors carry the line already.</summary>
    [GeneratedRegex(@"^\(\d+:\d+\):\s*")]
    private static partial Regex LocationPrefix();
}
