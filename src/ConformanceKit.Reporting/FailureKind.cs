using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting;

/// <summary>Why a scenario did not pass, as the reports group it (Allure categories, JUnit types, the matrix).</summary>
public enum FailureKind
{
    /// <summary>Passed, skipped or not supported: nothing went wrong.</summary>
    None,
    /// <summary>A Failed outcome: the endpoint broke a documented rule.</summary>
    ContractViolation,
    /// <summary>A Broken outcome caused by the endpoint: a 5xx, a timeout, no answer.</summary>
    EndpointFault,
    /// <summary>Any other Broken outcome: the kit, its configuration or a feature file is at fault (not judged).</summary>
    KitOrConfigurationError,
    /// <summary>A Broken outcome of a scenario the run was interrupted in (Ctrl-C, SIGTERM, an endpoint outage): not judged.</summary>
    Interrupted,
}

/// <summary>
/// Classifies outcomes into the three kinds the reports keep apart: Failed is a contract violation (the cloud broke a
/// documented rule); a Broken outcome whose message starts with "The endpoint failed" or contains "did not answer" is
/// an endpoint fault (refused, reset, timeout, 5xx); a Broken outcome that starts with "Not judged:" (the run was
/// interrupted) and every other Broken outcome (kit or configuration error) were not judged.
/// </summary>
public static class FailureClassifier
{
    /// <summary>How the kit's messages start when the endpoint answered 5xx.</summary>
    public const string EndpointFailedPrefix = OutcomeMessages.EndpointFailed;

    /// <summary>How the message of a scenario the run was interrupted in starts.</summary>
    public const string NotJudgedPrefix = "Not judged:";

    /// <summary>What the kit's messages contain when the endpoint timed out or refused the connection.</summary>
    public const string DidNotAnswer = "did not answer";

    /// <summary>How skipped results of NotSupported scenarios are worded in the Allure results.</summary>
    public const string NotSupportedPrefix = "not supported by this deployment: ";

    public static FailureKind Classify(Outcome outcome, string? message) => outcome switch
    {
        Outcome.Failed => FailureKind.ContractViolation,
        Outcome.Broken when message?.StartsWith(NotJudgedPrefix, StringComparison.Ordinal) == true => FailureKind.Interrupted,
        Outcome.Broken when IsEndpointFault(message) => FailureKind.EndpointFault,
        Outcome.Broken => FailureKind.KitOrConfigurationError,
        _ => FailureKind.None,
    };

    public static FailureKind Classify(ScenarioResult result) => Classify(result.Outcome, result.Message);

    public static bool IsEndpointFault(string? message) =>
        message is not null
        && (message.StartsWith(EndpointFailedPrefix, StringComparison.Ordinal) || message.Contains(DidNotAnswer, StringComparison.Ordinal)
            || message.Contains(RefusedConnection, StringComparison.Ordinal) || message.Contains(CouldNotBeReached, StringComparison.Ordinal));

    /// <summary>What the kit's messages contain when the connection was refused or reset (also in a clean-up that met an outage).</summary>
    public const string RefusedConnection = "refused the connection";
    public const string CouldNotBeReached = "could not be reached";

    public static string Describe(this FailureKind kind) => kind switch
    {
        FailureKind.ContractViolation => "contract violation",
        FailureKind.EndpointFault => "endpoint fault (5xx, timeout)",
        FailureKind.KitOrConfigurationError => "not judged (kit or configuration error)",
        FailureKind.Interrupted => "not judged (run interrupted)",
        _ => "none",
    };
}
