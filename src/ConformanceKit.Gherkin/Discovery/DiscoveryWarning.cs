namespace ConformanceKit.Gherkin;

/// <summary>Something worth fixing that does not stop a scenario from running (e.g. a scenario without an @id tag).</summary>
public sealed record DiscoveryWarning(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
