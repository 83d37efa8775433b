namespace ConformanceKit.Core.Results;

/// <summary>
/// The endpoint failed to answer (connection refused or reset, no answer within the API timeout). Whatever step it
/// escapes from, the scenario is Broken (an endpoint fault), never Failed: an outage is not a contract violation.
/// Runners map it by type; <see cref="OutcomeMessages.EndpointFailed"/> starts the scenario's message.
/// </summary>
public abstract class EndpointFailureException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>How the kit's messages start for each kind of outcome that is not a verdict, so that every report names them alike.</summary>
public static class OutcomeMessages
{
    /// <summary>A Broken outcome caused by the endpoint (5xx, timeout, refused, reset).</summary>
    public const string EndpointFailed = "The endpoint failed";

    /// <summary>A scenario the run could not judge because the run was interrupted (Ctrl-C, SIGTERM, an endpoint outage).</summary>
    public const string NotJudgedInterrupted = "Not judged: the run was interrupted before this scenario finished.";
}
