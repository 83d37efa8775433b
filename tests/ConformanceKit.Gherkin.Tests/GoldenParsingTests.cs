using ConformanceKit.Gherkin.Parsing;
using ConformanceKit.Gherkin.Tests.Support;
using FluentAssertions;

namespace ConformanceKit.Gherkin.Tests;

/// <summary>
/// Each Golden/NAME.feature compiles to the scenarios written in Golden/NAME.expected.txt.
/// Set GHERKIN_GOLDEN_UPDATE=1 to rewrite the expected files from the current output (the test then fails, to be re-run).
/// </summary>
public sealed class GoldenParsingTests
{
    public static IEnumerable<TestCaseData> GoldenFeatures() =>
        Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden"), "*.feature")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetFileNameWithoutExtension(f)).SetName($"Golden {Path.GetFileName(f)}"));

    [TestCaseSource(nameof(GoldenFeatures))]
    public void Feature_compiles_to_the_expected_scenarios(string name)
    {
        var featureFile = Path.Combine(TestPaths.GoldenOutput, name + ".feature");
        var result = FeatureFileParser.ParseFile(featureFile, name + ".feature");
        result.Errors.Should().BeEmpty();
        var actual = ScenarioRenderer.Render(result.Scenarios.Select(s => s.Case));

        if (Environment.GetEnvironmentVariable("GHERKIN_GOLDEN_UPDATE") == "1")
        {
            File.WriteAllText(Path.Combine(TestPaths.GoldenSource(), name + ".expected.txt"), actual);
            Assert.Fail($"Rewrote Golden/{name}.expected.txt; review the diff, then run again without GHERKIN_GOLDEN_UPDATE.");
        }

        var expectedFile = Path.Combine(TestPaths.GoldenOutput, name + ".expected.txt");
        File.Exists(expectedFile).Should().BeTrue($"Golden/{name}.expected.txt holds the expected scenarios");
        actual.Should().Be(File.ReadAllText(expectedFile).ReplaceLineEndings("\n"));
    }

    [Test]
    public void Every_golden_feature_has_an_expected_file_and_scenarios()
    {
        var features = Directory.EnumerateFiles(TestPaths.GoldenOutput, "*.feature").ToList();
        features.Should().HaveCountGreaterThanOrEqualTo(5);
        foreach (var feature in features)
        {
            File.Exists(Path.ChangeExtension(feature, ".expected.txt")).Should().BeTrue(feature);
            FeatureFileParser.ParseFile(feature, Path.GetFileName(feature)).Scenarios.Should().NotBeEmpty(feature);
        }
    }
}
