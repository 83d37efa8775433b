namespace ConformanceKit.Gherkin;

/// <summary>A binding class, hook or context object could not be created for a scenario (a cycle, no public constructor...).</summary>
public sealed class ContextResolutionException(string message) : Exception(message);
