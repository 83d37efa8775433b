using ConformanceKit.Core;

namespace ConformanceKit.Reporting;

/// <summary>What a report says about the run as a whole (never a secret: no token, no password).</summary>
public sealed record RunInfo
{
    /// <summary>The run's id (also the prefix of the servers the kit creates).</summary>
    public required string RunId { get; init; }

    /// <summary>A readable name for what was certified ("simulator", a cloud name...).</summary>
    public required string TargetName { get; init; }

    /// <summary>The compute endpoint's URL.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The kit's version.</summary>
    public required string KitVersion { get; init; }

    /// <summary>Nova's release or version string, when the endpoint says it.</summary>
    public string? NovaVersion { get; init; }

    /// <summary>The microversions the endpoint supports (from version discovery).</summary>
    public MicroversionRange? Microversions { get; init; }

    /// <summary>The tag expression the run was filtered with, if any.</summary>
    public string? TagFilter { get; init; }

    /// <summary>Why the run ended before every selected scenario was judged, or null when it ran to the end.</summary>
    public RunInterruption? Interruption { get; init; }
}

/// <summary>What ended a run early.</summary>
public enum InterruptionKind
{
    /// <summary>Ctrl-C, SIGTERM, or the process that started the kit went away: exit 1.</summary>
    Interrupted,
    /// <summary>The endpoint stopped answering (refused, reset, no answer): exit 3, never a verdict on conformance.</summary>
    EndpointOutage,
}

/// <summary>A run that ended early: why, and how many of the selected scenarios were judged.</summary>
public sealed record RunInterruption(InterruptionKind Kind, string Reason, int Planned)
{
    /// <summary>"interrupted" or "endpoint outage", as every report words it.</summary>
    public string Label => Kind == InterruptionKind.EndpointOutage ? "endpoint outage" : "interrupted";
}
