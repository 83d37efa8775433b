namespace ConformanceKit.Gherkin.Bindings;

internal enum StepMatchStatus
{
    Matched,
    Undefined,
    Ambiguous,
    InvalidArgument,
}

/// <summary>The result of matching one step: the step definition and its converted arguments, or why there is none.</summary>
internal sealed record StepMatch(StepMatchStatus Status, StepDefinition? Definition, object?[] Arguments, string? Problem, string? Suggestion)
{
    public bool IsMatched => Status == StepMatchStatus.Matched;

    public DiscoveryError ToError(string file, int line) => new(
        Status switch
        {
            StepMatchStatus.Undefined => DiscoveryErrorKind.UndefinedStep,
            StepMatchStatus.Ambiguous => DiscoveryErrorKind.AmbiguousStep,
            _ => DiscoveryErrorKind.InvalidArgument,
        },
        file,
        line,
        Problem ?? "matched",
        Suggestion);
}
