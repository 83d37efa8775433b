namespace ConformanceKit.Gherkin;

/// <summary>
/// One runnable scenario: a compiled pickle (a plain scenario, or one row of a Scenario Outline),
/// with the background steps included.
/// </summary>
public sealed record ScenarioCase
{
    /// <summary>
    /// The stable id: the scenario's <c>@id:XYZ</c> tag (from the scenario or its Examples block) or, when it has none,
    /// one generated from the feature file and scenario name. Outline rows add their <see cref="ExampleRow"/>.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>True when <see cref="Id"/> comes from an <c>@id:</c> tag, false when it was generated.</summary>
    public required bool HasExplicitId { get; init; }

    public required string Feature { get; init; }

    /// <summary>The Rule the scenario sits in, or null.</summary>
    public string? Rule { get; init; }

    /// <summary>The scenario name, with outline placeholders replaced.</summary>
    public required string Scenario { get; init; }

    /// <summary>For an outline row, its values such as <c>[status=PAUSED, code=409]</c>; otherwise null.</summary>
    public string? ExampleRow { get; init; }

    /// <summary>For an outline row, its (column, value) pairs in column order; otherwise empty.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExampleValues { get; init; } = [];

    /// <summary>"Feature / Scenario [example row]", without the bracket part when not an outline row.</summary>
    public string DisplayName => ExampleRow is null ? $"{Feature} / {Scenario}" : $"{Feature} / {Scenario} {ExampleRow}";

    /// <summary>Tags with their '@', inherited from feature, rule, scenario and examples, in that order.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>The feature file, relative to the features directory, with '/' separators.</summary>
    public required string FeatureFile { get; init; }

    /// <summary>The scenario's line (for an outline row: the row's line).</summary>
    public required int Line { get; init; }

    public required IReadOnlyList<ScenarioStep> Steps { get; init; }

    /// <summary>The feature file the scenario was compiled from, as Cucumber messages.</summary>
    public required FeatureDocument Document { get; init; }

    /// <summary>The index of this scenario's pickle in <see cref="FeatureDocument.Pickles"/>.</summary>
    public required int PickleIndex { get; init; }

    /// <summary>The description of the Rule the scenario sits in, or null.</summary>
    public string? RuleDescription { get; init; }

    /// <summary>The tags written on the Rule the scenario sits in (with their '@').</summary>
    public IReadOnlyList<string> RuleTags { get; init; } = [];

    /// <summary>The tags written on the scenario and its Examples block, without the feature's and rule's (with their '@').</summary>
    public IReadOnlyList<string> OwnTags { get; init; } = [];

    /// <summary>True when the scenario carries exactly this tag (with its '@').</summary>
    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    public override string ToString() => DisplayName;
}
