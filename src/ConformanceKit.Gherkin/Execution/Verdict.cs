using System.Reflection;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin.Execution;

/// <summary>An outcome with its message and trace.</summary>
internal sealed record Verdict(Outcome Outcome, string? Message, string? Trace)
{
    public static readonly Verdict Passed = new(Outcome.Passed, null, null);

    public bool IsProblem => Outcome is Outcome.Failed or Outcome.Broken;

    /// <summary>
    /// What an exception means: the outcome a <see cref="ScenarioInterruptedException"/> carries; Broken for context
    /// creation failures, cancellation (not judged) and an endpoint that did not answer (<see cref="EndpointFailureException"/>); otherwise Failed from a step and Broken from a hook (<paramref name="hookName"/>).
    /// </summary>
    public static Verdict FromException(Exception exception, string? hookName, CancellationToken cancellationToken)
    {
        var e = Unwrap(exception);
        return e switch
        {
            ScenarioInterruptedException interrupted => new Verdict(
                interrupted.Outcome,
                interrupted.Message,
                interrupted.Outcome is Outcome.Broken or Outcome.Failed ? interrupted.ToString() : null),
            Reqnroll.BoDi.ObjectContainerException => new Verdict(Outcome.Broken, e.Message, e.ToString()),
            OperationCanceledException when cancellationToken.IsCancellationRequested =>
                new Verdict(Outcome.Broken, OutcomeMessages.NotJudgedInterrupted, null),
            // An outage is never a contract violation, whichever step met it.
            EndpointFailureException => new Verdict(Outcome.Broken, $"{OutcomeMessages.EndpointFailed}: {e.Message}", e.ToString()),
            _ when hookName is not null => new Verdict(Outcome.Broken, $"Hook {hookName} failed: {e.Message}", e.ToString()),
            _ => new Verdict(Outcome.Failed, e.Message, e.ToString()),
        };
    }

    /// <summary>
    /// Combines this verdict with a failure during cleanup (after-hooks, disposal): a cleanup problem replaces a
    /// Passed, Skipped or NotSupported verdict; otherwise the first problem stays and the later one is appended.
    /// </summary>
    public Verdict ThenCleanupFailed(Verdict cleanup)
    {
        if (Outcome == Outcome.Passed || (!IsProblem && cleanup.IsProblem))
        {
            return cleanup;
        }

        return this with { Message = $"{Message} (then: {cleanup.Message})" };
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        Reqnroll.BoDi.ObjectContainerException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => e,
    };
}
