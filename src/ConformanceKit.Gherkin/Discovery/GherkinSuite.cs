using System.Reflection;
using ConformanceKit.Gherkin.Parsing;

namespace ConformanceKit.Gherkin;

/// <summary>
/// The scenarios of a features directory, matched against bindings: what can run, and what stops things from running.
/// </summary>
public sealed class GherkinSuite
{
    private GherkinSuite(string featuresDirectory, BindingRegistry bindings, IReadOnlyList<ScenarioCase> scenarios, IReadOnlyList<DiscoveryError> errors, IReadOnlyList<DiscoveryWarning> warnings)
    {
        FeaturesDirectory = featuresDirectory;
        Bindings = bindings;
        Scenarios = scenarios;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>The full path of the features directory.</summary>
    public string FeaturesDirectory { get; }

    public BindingRegistry Bindings { get; }

    /// <summary>
    /// The selected scenarios (one per plain scenario and per outline row), ordered by feature file then line.
    /// A scenario with an undefined, ambiguous or unconvertible step is listed (and has an error); running it gives Broken.
    /// </summary>
    public IReadOnlyList<ScenarioCase> Scenarios { get; }

    /// <summary>Parse errors, binding declaration errors, and undefined/ambiguous/invalid steps and duplicate ids of the selected scenarios.</summary>
    public IReadOnlyList<DiscoveryError> Errors { get; }

    /// <summary>E.g. selected scenarios without an @id tag.</summary>
    public IReadOnlyList<DiscoveryWarning> Warnings { get; }

    /// <summary>Discovers with the [Binding] classes of these assemblies.</summary>
    /// <param name="featuresDirectory">Searched recursively for *.feature files.</param>
    /// <param name="assemblies">Where the [Binding] classes are.</param>
    /// <param name="tagFilter">A tag expression selecting scenarios (e.g. "@smoke and not @slow"); null or empty selects all.</param>
    /// <exception cref="DirectoryNotFoundException">The features directory does not exist.</exception>
    /// <exception cref="FormatException">The tag filter is not a valid tag expression.</exception>
    public static GherkinSuite Discover(string featuresDirectory, IEnumerable<Assembly> assemblies, string? tagFilter = null) =>
        Discover(featuresDirectory, BindingRegistry.FromAssemblies(assemblies), tagFilter);

    /// <inheritdoc cref="Discover(string, IEnumerable{Assembly}, string?)"/>
    public static GherkinSuite Discover(string featuresDirectory, BindingRegistry bindings, string? tagFilter = null)
    {
        ArgumentNullException.ThrowIfNull(featuresDirectory);
        ArgumentNullException.ThrowIfNull(bindings);
        var filter = string.IsNullOrWhiteSpace(tagFilter) ? null : TagExpression.Parse(tagFilter);
        var root = Path.GetFullPath(featuresDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The features directory '{root}' does not exist; point to the directory holding the .feature files.");
        }

        var errors = new List<DiscoveryError>(bindings.Errors);
        var parsed = new List<ParsedScenario>();
        foreach (var file in Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var result = FeatureFileParser.ParseFile(file, Path.GetRelativePath(root, file).Replace('\\', '/'));
            errors.AddRange(result.Errors);
            parsed.AddRange(result.Scenarios.Where(s => filter is null || filter.Matches(s.Case.Tags)));
        }

        errors.AddRange(parsed.SelectMany(s => StepErrors(s.Case, bindings)));
        errors.AddRange(DuplicateIds(parsed));
        return new GherkinSuite(root, bindings, parsed.Select(s => s.Case).ToList(), errors, MissingIds(parsed));
    }

    /// <summary>A runner for these scenarios and bindings.</summary>
    public ScenarioRunner CreateRunner(RunOptions? options = null) => new(Bindings, options);

    private static IEnumerable<DiscoveryError> StepErrors(ScenarioCase scenario, BindingRegistry bindings) =>
        scenario.Steps
            .Select(step => (step, match: bindings.Matcher.Match(step)))
            .Where(m => !m.match.IsMatched)
            .Select(m => m.match.ToError(scenario.FeatureFile, m.step.Line))
            .DistinctBy(e => (e.Line, e.Message));

    private static IEnumerable<DiscoveryError> DuplicateIds(IEnumerable<ParsedScenario> scenarios) =>
        scenarios
            .GroupBy(s => s.Case.Id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g =>
            {
                var places = g.Select(s => $"{s.Case.FeatureFile}:{s.Case.Line}").ToList();
                var first = g.First().Case;
                return new DiscoveryError(
                    DiscoveryErrorKind.DuplicateId,
                    first.FeatureFile,
                    first.Line,
                    $"the id '{g.Key}' is used by {places.Count} scenarios ({string.Join(", ", places)})",
                    "Give each scenario its own @id:... tag (and each outline row different values).");
            });

    private static List<DiscoveryWarning> MissingIds(IEnumerable<ParsedScenario> scenarios) =>
        scenarios
            .Where(s => !s.Case.HasExplicitId)
            .DistinctBy(s => (s.Case.FeatureFile, s.ScenarioLine))
            .Select(s => new DiscoveryWarning(
                s.Case.FeatureFile,
                s.ScenarioLine,
                $"scenario '{s.Case.Scenario}' has no @id:... tag; using the generated id '{s.Case.Id}', which changes when the scenario is renamed"))
            .ToList();
}
