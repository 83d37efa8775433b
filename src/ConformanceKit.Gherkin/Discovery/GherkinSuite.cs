using System.Reflection;
using ConformanceKit.Gherkin.Bridge;
using ConformanceKit.Gherkin.Parsing;

namespace ConformanceKit.Gherkin;

/// <summary>
/// The scenarios of a features directory, matched against the Reqnroll bindings of an assembly: what can run, and what
/// stops things from running.
/// </summary>
public sealed class GherkinSuite
{
    private readonly IReadOnlyDictionary<ScenarioCase, IReadOnlyList<(int StepIndex, DiscoveryError Error)>> stepProblems;

    private GherkinSuite(string featuresDirectory, Assembly bindingAssembly, string? configurationFile, IReadOnlyList<ScenarioCase> scenarios,
        IReadOnlyDictionary<ScenarioCase, IReadOnlyList<(int, DiscoveryError)>> stepProblems, IReadOnlyList<DiscoveryError> errors, IReadOnlyList<DiscoveryWarning> warnings)
    {
        FeaturesDirectory = featuresDirectory;
        BindingAssembly = bindingAssembly;
        ConfigurationFile = configurationFile;
        Scenarios = scenarios;
        this.stepProblems = stepProblems;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>The full path of the features directory.</summary>
    public string FeaturesDirectory { get; }

    /// <summary>The assembly holding the [Binding] classes (Reqnroll's "test assembly"; reqnroll.json may add others).</summary>
    public Assembly BindingAssembly { get; }

    /// <summary>The reqnroll.json given explicitly, or null for Reqnroll's own lookup (beside the application, then the current directory).</summary>
    public string? ConfigurationFile { get; }

    /// <summary>
    /// The selected scenarios (one per plain scenario and per outline row), ordered by feature file then line.
    /// A scenario with an undefined, ambiguous or unconvertible step is listed (and has an error); running it gives Broken.
    /// </summary>
    public IReadOnlyList<ScenarioCase> Scenarios { get; }

    /// <summary>Parse errors, binding errors Reqnroll found, and undefined/ambiguous/invalid steps and duplicate ids of the selected scenarios.</summary>
    public IReadOnlyList<DiscoveryError> Errors { get; }

    /// <summary>E.g. selected scenarios without an @id tag.</summary>
    public IReadOnlyList<DiscoveryWarning> Warnings { get; }

    /// <summary>Discovers with the Reqnroll [Binding] classes of this assembly.</summary>
    /// <param name="featuresDirectory">Searched recursively for *.feature files.</param>
    /// <param name="bindingAssembly">Where the [Binding] classes are.</param>
    /// <param name="tagFilter">A tag expression selecting scenarios (e.g. "@smoke and not @slow"); null or empty selects all.</param>
    /// <param name="configurationFile">A reqnroll.json to use instead of Reqnroll's own lookup.</param>
    /// <param name="tagsOfStep">
    /// Tags a step adds to its scenario because of what it is bound to (for example the action a When step calls), so
    /// that the feature need not repeat them; they are added before <paramref name="tagFilter"/> selects.
    /// </param>
    /// <exception cref="DirectoryNotFoundException">The features directory does not exist.</exception>
    /// <exception cref="FormatException">The tag filter is not a valid tag expression.</exception>
    public static GherkinSuite Discover(string featuresDirectory, Assembly bindingAssembly, string? tagFilter = null, string? configurationFile = null,
        Func<BoundStep, IEnumerable<string>>? tagsOfStep = null)
    {
        ArgumentNullException.ThrowIfNull(featuresDirectory);
        ArgumentNullException.ThrowIfNull(bindingAssembly);
        var filter = string.IsNullOrWhiteSpace(tagFilter) ? null : TagExpression.Parse(tagFilter);
        var root = Path.GetFullPath(featuresDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The features directory '{root}' does not exist; point to the directory holding the .feature files.");
        }

        var errors = new List<DiscoveryError>();
        var parsed = new List<ParsedScenario>();
        foreach (var file in Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var result = FeatureFileParser.ParseFile(file, Path.GetRelativePath(root, file).Replace('\\', '/'));
            errors.AddRange(result.Errors);
            parsed.AddRange(result.Scenarios);
        }

        var runtime = ReqnrollRuntime.Create(bindingAssembly, new RuntimeSetup { ConfigurationFile = configurationFile });
        errors.AddRange(runtime.Bindings.GetErrorMessages().Select(e => new DiscoveryError(
            DiscoveryErrorKind.InvalidBinding, bindingAssembly.GetName().Name ?? "bindings", 0, e.Message,
            "Fix the binding (its attribute's expression, its parameters or its [StepArgumentTransformation]).")));
        var check = new StepBindingCheck(runtime, new FeatureInfos());
        var problems = new Dictionary<ScenarioCase, IReadOnlyList<(int, DiscoveryError)>>(ReferenceEqualityComparer.Instance);
        var selected = new List<ParsedScenario>();
        foreach (var scenario in parsed)
        {
            var (found, bound) = check.Check(scenario.Case);
            var derived = tagsOfStep is null ? [] : bound.SelectMany(tagsOfStep).Except(scenario.Case.Tags, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
            var chosen = derived.Count == 0 ? scenario : scenario with { Case = scenario.Case with { Tags = [.. scenario.Case.Tags, .. derived] } };
            if (filter is not null && !filter.Matches(chosen.Case.Tags)) continue;
            selected.Add(chosen);
            if (found.Count > 0) problems[chosen.Case] = found;
        }
        parsed = selected;

        errors.AddRange(problems.Values.SelectMany(p => p.Select(e => e.Item2)).DistinctBy(e => (e.File, e.Line, e.Message)));
        errors.AddRange(DuplicateIds(parsed));
        return new GherkinSuite(root, bindingAssembly, configurationFile, parsed.Select(s => s.Case).ToList(), problems, errors, MissingIds(parsed));
    }

    /// <summary>A runner for these scenarios, on a Reqnroll runtime of its own; dispose it to end the run (the formatters write then).</summary>
    public ScenarioRunner CreateRunner(RunOptions? options = null) => new(this, options ?? new RunOptions());

    /// <summary>The steps of a scenario that do not match exactly one binding (empty when it can run).</summary>
    internal IReadOnlyList<(int StepIndex, DiscoveryError Error)> ProblemsOf(ScenarioCase scenario) =>
        stepProblems.TryGetValue(scenario, out var found) ? found : [];

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
