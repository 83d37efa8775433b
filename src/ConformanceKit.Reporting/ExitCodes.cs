namespace ConformanceKit.Reporting;

/// <summary>
/// The exit codes of <c>nova-conformance run</c>, defined once. A pipeline can rely on them:
/// 0 the endpoint conforms (no failure outside the baseline), 1 conformance failures,
/// 2 a usage or configuration error (nothing was certified), 3 the endpoint could not be reached.
/// </summary>
public static class ExitCodes
{
    /// <summary>Every scenario that ran passed, was skipped with a reason, or failed only as a baseline lists.</summary>
    public const int Conforming = 0;

    /// <summary>At least one scenario failed or broke and the baseline does not list it.</summary>
    public const int ConformanceFailures = 1;

    /// <summary>A mistake in the command line, the configuration or the feature files; the message says what to fix.</summary>
    public const int UsageOrConfigurationError = 2;

    /// <summary>The endpoint (or its identity service) did not answer; nothing was certified.</summary>
    public const int EndpointUnreachable = 3;

    /// <summary>One line per code, for help texts and the README.</summary>
    public static readonly IReadOnlyList<(int Code, string Meaning)> All =
    [
        (Conforming, "conforming: no failure outside the baseline"),
        (ConformanceFailures, "conformance failures: a scenario failed or broke and the baseline does not list it"),
        (UsageOrConfigurationError, "usage or configuration error"),
        (EndpointUnreachable, "endpoint unreachable"),
    ];
}
