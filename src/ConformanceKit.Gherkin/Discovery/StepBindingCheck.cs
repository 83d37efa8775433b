using System.Globalization;
using ConformanceKit.Gherkin.Bridge;
using Reqnroll;
using Reqnroll.Bindings;
using Reqnroll.BindingSkeletons;
using Reqnroll.Infrastructure;

namespace ConformanceKit.Gherkin;

/// <summary>
/// Matches every step of a scenario against Reqnroll's binding registry, as Reqnroll's runtime will when it runs it,
/// and turns a step that does not match exactly one binding into a <see cref="DiscoveryError"/> with its file and
/// line, and for an undefined step the binding Reqnroll's snippet provider suggests.
/// </summary>
internal sealed class StepBindingCheck(ReqnrollRuntime runtime, FeatureInfos features)
{
    private static readonly StepDefinitionType[] Types = [StepDefinitionType.Given, StepDefinitionType.When, StepDefinitionType.Then];

    /// <summary>The steps that do not match exactly one binding, as errors, and the steps that do, as bound.</summary>
    public (List<(int StepIndex, DiscoveryError Error)> Problems, List<BoundStep> Bound) Check(ScenarioCase scenario)
    {
        var context = new StepContext(features.For(scenario.Document), ScenarioInfos.Create(scenario));
        var problems = new List<(int, DiscoveryError)>();
        var bound = new List<BoundStep>();
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            var (error, match) = Check(scenario, scenario.Steps[i], context);
            if (error is not null) problems.Add((i, error));
            else if (match is not null) bound.Add(Bound(scenario.Steps[i], i, match));
        }
        return (problems, bound);
    }

    private static BoundStep Bound(ScenarioStep step, int index, BindingMatch match) => new(
        step, index, Name(match),
        match.StepBinding.Method.Parameters.Select(p => p.Type.FullName).ToList(),
        match.Arguments.Select(a => a.Value?.ToString()).ToList());

    private (DiscoveryError? Error, BindingMatch? Match) Check(ScenarioCase scenario, ScenarioStep step, StepContext context)
    {
        var instance = Instance(step, ToType(step.KeywordType), context);
        var match = runtime.Matcher.GetBestMatch(instance, runtime.BindingCulture, out var reason, out var candidates);
        return match.Success ? (null, match) : (Problem(scenario, step, context, instance, reason, candidates), null);
    }

    private DiscoveryError Problem(ScenarioCase scenario, ScenarioStep step, StepContext context, StepInstance instance,
        StepDefinitionAmbiguityReason reason, List<BindingMatch> candidates)
    {
        var written = $"{step.Keyword} {step.Text}";
        switch (reason)
        {
            case StepDefinitionAmbiguityReason.AmbiguousSteps:
                return new DiscoveryError(DiscoveryErrorKind.AmbiguousStep, scenario.FeatureFile, step.Line,
                    $"ambiguous step '{written}': {candidates.Count} step definitions match it: {string.Join(", ", candidates.Select(Describe))}",
                    "Make the step definitions' expressions (or their [Scope]s) distinct, so that exactly one matches.");
            case StepDefinitionAmbiguityReason.ParameterErrors:
            case StepDefinitionAmbiguityReason.None when candidates.Count == 1:
                return new DiscoveryError(DiscoveryErrorKind.InvalidArgument, scenario.FeatureFile, step.Line,
                    $"step '{written}' matches {string.Join(", ", candidates.Select(Describe))} but its arguments do not fit: {string.Join("; ", candidates.Select(c => ArgumentProblem(step, c)))}");
        }

        var message = $"undefined step '{written}'";
        if (reason == StepDefinitionAmbiguityReason.AmbiguousScopes && candidates.Count > 0)
            message += $"; {string.Join(", ", candidates.Select(Describe))} matches this text but is scoped to other tags";
        else if (OtherKeyword(step, context) is { } other)
            message += $"; {Name(other.Match)} matches this text but is a [{other.Type}] step: change the step's keyword or add [{ToType(step.KeywordType)}(\"{other.Match.StepBinding.SourceExpression}\")] to it";
        var snippet = PasteableCSharp(runtime.Skeletons.GetStepDefinitionSkeleton(ProgrammingLanguage.CSharp, instance, runtime.Configuration.StepDefinitionSkeletonStyle, runtime.BindingCulture));
        return new DiscoveryError(DiscoveryErrorKind.UndefinedStep, scenario.FeatureFile, step.Line, message,
            "Add a step definition to a [Binding] class, for example:" + Environment.NewLine + Indent(snippet.TrimEnd()));
    }

    private (StepDefinitionType Type, BindingMatch Match)? OtherKeyword(ScenarioStep step, StepContext context)
    {
        foreach (var type in Types.Where(t => t != ToType(step.KeywordType)))
        {
            var match = runtime.Matcher.GetBestMatch(Instance(step, type, context), runtime.BindingCulture, out _, out _);
            if (match.Success) return (type, match);
        }
        return null;
    }

    private static string ArgumentProblem(ScenarioStep step, BindingMatch candidate)
    {
        var parameters = candidate.StepBinding.Method.Parameters.Select(p => p.Type.Name).ToList();
        var extra = step.DataTable is not null ? " and a data table" : step.DocString is not null ? " and a doc string" : "";
        var values = candidate.Arguments.Length - (extra.Length > 0 ? 1 : 0);
        return $"the step gives {values} value(s){extra}; {Name(candidate)} takes ({string.Join(", ", parameters)})";
    }

    private static StepInstance Instance(ScenarioStep step, StepDefinitionType type, StepContext context) =>
        new(type, ToKeyword(step), step.Keyword + " ", step.Text, step.DocString?.Content, step.DataTable, context);

    internal static StepDefinitionType ToType(StepKeyword keyword) => keyword switch
    {
        StepKeyword.Given => StepDefinitionType.Given,
        StepKeyword.When => StepDefinitionType.When,
        _ => StepDefinitionType.Then,
    };

    private static StepDefinitionKeyword ToKeyword(ScenarioStep step) => step.Keyword switch
    {
        "And" => StepDefinitionKeyword.And,
        "But" => StepDefinitionKeyword.But,
        _ => (StepDefinitionKeyword)(int)ToType(step.KeywordType),
    };

    private static string Describe(BindingMatch match) => $"{Name(match)} (\"{match.StepBinding.SourceExpression}\")";

    private static string Name(BindingMatch match) => $"{match.StepBinding.Method.Type.Name}.{match.StepBinding.Method.Name}";

    /// <summary>
    /// Reqnroll writes a Cucumber expression's escapes (<c>\(</c>, <c>\/</c>) into a plain C# string literal, where they
    /// do not compile; the kit doubles them so the snippet can be pasted as it is.
    /// </summary>
    private static string PasteableCSharp(string snippet) =>
        System.Text.RegularExpressions.Regex.Replace(snippet, "^(\\s*\\[\\w+\\(\")(.*)(\"\\)\\])", m =>
            m.Groups[1].Value + System.Text.RegularExpressions.Regex.Replace(m.Groups[2].Value, "\\\\(?=[^\"\\\\])", "\\\\") + m.Groups[3].Value,
            System.Text.RegularExpressions.RegexOptions.Multiline);

    private static string Indent(string text) =>
        string.Join(Environment.NewLine, text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Length == 0 ? l : "    " + l));
}

/// <summary>One Reqnroll <see cref="FeatureInfo"/> per feature file, with its Cucumber messages for the formatters.</summary>
internal sealed class FeatureInfos
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<FeatureDocument, FeatureInfo> infos = new(ReferenceEqualityComparer.Instance);

    public FeatureInfo For(FeatureDocument document) => infos.GetOrAdd(document, d => new FeatureInfo(
        CultureInfo.GetCultureInfo(string.IsNullOrEmpty(d.Feature.Language) ? "en" : d.Feature.Language),
        d.Folder,
        d.Feature.Name,
        d.Feature.Description,
        ProgrammingLanguage.CSharp,
        d.Feature.Tags.Select(t => t.Name.TrimStart('@')).ToArray(),
        new FeatureMessages(d)));
}

/// <summary>The Reqnroll <see cref="ScenarioInfo"/> of a compiled scenario, tied to its pickle by index.</summary>
internal static class ScenarioInfos
{
    public static ScenarioInfo Create(ScenarioCase scenario)
    {
        var arguments = new System.Collections.Specialized.OrderedDictionary();
        foreach (var (name, value) in scenario.ExampleValues) arguments[name] = value;
        var inherited = scenario.Tags.Except(scenario.OwnTags, StringComparer.Ordinal).Select(Bare).ToArray();
        return new ScenarioInfo(scenario.Scenario, null, scenario.OwnTags.Select(Bare).ToArray(), arguments, inherited, scenario.PickleIndex.ToString(CultureInfo.InvariantCulture));
    }

    public static RuleInfo? Rule(ScenarioCase scenario) =>
        scenario.Rule is null ? null : new RuleInfo(scenario.Rule, scenario.RuleDescription, scenario.RuleTags.Select(Bare).ToArray());

    private static string Bare(string tag) => tag.TrimStart('@');
}
