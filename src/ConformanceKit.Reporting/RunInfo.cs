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
}
