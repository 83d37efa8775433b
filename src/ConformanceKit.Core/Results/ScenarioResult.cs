namespace ConformanceKit.Core.Results;

/// <summary>How a scenario or a step ended.</summary>
public enum Outcome
{
    Passed,
    /// <summary>A conformance check failed: the endpoint broke a documented rule.</summary>
    Failed,
    /// <summary>The scenario could not run here (outside the endpoint's microversion range, a missing prerequisite); the reason says why.</summary>
    Skipped,
    /// <summary>The deployment answered a documented 501: its driver does not implement the action.</summary>
    NotSupported,
    /// <summary>The kit, its configuration or the endpoint failed (5xx, timeout, undefined step): not a verdict on conformance.</summary>
    Broken,
}

/// <summary>A file kept with a result: a request/response exchange, a curl reproducer...</summary>
public sealed record Attachment(string Name, string MediaType, string Content);

/// <summary>One executed step.</summary>
public sealed record StepResult(
    string Keyword,
    string Text,
    Outcome Outcome,
    DateTimeOffset Start,
    DateTimeOffset Stop,
    string? Message,
    IReadOnlyList<Attachment> Attachments);

/// <summary>One executed scenario (one pickle), with everything a report needs.</summary>
public sealed record ScenarioResult
{
    /// <summary>The stable id from the scenario's @id tag (history survives renames).</summary>
    public required string Id { get; init; }
    public required string Feature { get; init; }
    public required string Scenario { get; init; }
    /// <summary>"Feature / Scenario [example row]".</summary>
    public required string FullName { get; init; }
    public required string FeatureFile { get; init; }
    public required int Line { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required Outcome Outcome { get; init; }
    /// <summary>Why it failed, was skipped or is not supported.</summary>
    public string? Message { get; init; }
    public string? Trace { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset Stop { get; init; }
    public required IReadOnlyList<StepResult> Steps { get; init; }
    /// <summary>Parameters such as microversion, auth role, body variant.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>The server actions the scenario exercises (from its @action:NAME tags).</summary>
    public IEnumerable<string> Actions => Tags.Where(t => t.StartsWith("@action:", StringComparison.Ordinal)).Select(t => t["@action:".Length..]);

    /// <summary>The aspects the scenario checks (from its @aspect:NAME tags).</summary>
    public IEnumerable<string> Aspects => Tags.Where(t => t.StartsWith("@aspect:", StringComparison.Ordinal)).Select(t => t["@aspect:".Length..]);
}
