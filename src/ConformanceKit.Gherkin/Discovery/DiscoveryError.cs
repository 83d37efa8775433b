namespace ConformanceKit.Gherkin;

/// <summary>Something that stops a scenario (or a binding) from running, found before anything ran.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="File">The feature file (relative to the features directory, '/' separators), or for a binding error the method ("Namespace.Class.Method").</param>
/// <param name="Line">The line in <paramref name="File"/>, or 0 for a binding error.</param>
/// <param name="Message">One line saying what is wrong.</param>
/// <param name="Suggestion">What to do about it (for an undefined step: a binding snippet to paste), or null.</param>
public sealed record DiscoveryError(DiscoveryErrorKind Kind, string File, int Line, string Message, string? Suggestion = null)
{
    /// <summary>"file:line: message", then the suggestion on the following lines.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return Suggestion is null ? $"{where}: {Message}" : $"{where}: {Message}{Environment.NewLine}{Suggestion}";
    }
}
