using ConformanceKit.Core.Results;
using ConformanceKit.Gherkin.Bindings;

namespace ConformanceKit.Gherkin.Execution;

/// <summary>
/// One run of one scenario: before-scenario hooks, the steps (each with its step hooks), then — always —
/// the after-scenario hooks and the disposal of the per-scenario objects.
/// </summary>
internal sealed class ScenarioExecution
{
    private readonly ScenarioCase scenario;
    private readonly BindingRegistry bindings;
    private readonly RunOptions options;
    private readonly CancellationToken cancellationToken;
    private readonly ScenarioContext context;
    private readonly ScenarioScope scope;
    private readonly List<StepResult> steps = [];
    private Verdict verdict = Verdict.Passed;

    public ScenarioExecution(ScenarioCase scenario, BindingRegistry bindings, RunOptions options, CancellationToken cancellationToken)
    {
        this.scenario = scenario;
        this.bindings = bindings;
        this.options = options;
        this.cancellationToken = cancellationToken;
        context = new ScenarioContext(scenario, cancellationToken);
        scope = new ScenarioScope(options.Instances, context);
    }

    private DateTimeOffset Now => options.Clock.GetUtcNow();

    public async Task<ScenarioResult> RunAsync(IReadOnlyList<StepMatch> matches)
    {
        var start = Now;
        try
        {
            await RunHooksAsync(HookKind.BeforeScenario, stopAtFirstFailure: true).ConfigureAwait(false);
            for (var i = 0; i < scenario.Steps.Count; i++)
            {
                if (verdict.Outcome == Outcome.Passed && cancellationToken.IsCancellationRequested)
                {
                    verdict = new Verdict(Outcome.Broken, OutcomeMessages.NotJudgedInterrupted, null);
                }

                if (verdict.Outcome != Outcome.Passed)
                {
                    RecordNotRun(scenario.Steps[i]);
                    continue;
                }

                var result = await RunStepAsync(scenario.Steps[i], i, matches[i]).ConfigureAwait(false);
                if (result.Verdict.Outcome != Outcome.Passed)
                {
                    verdict = result.Verdict;
                }
            }
        }
        finally
        {
            await RunHooksAsync(HookKind.AfterScenario, stopAtFirstFailure: false).ConfigureAwait(false);
            foreach (var (instance, error) in await scope.DisposeAllAsync().ConfigureAwait(false))
            {
                verdict = verdict.ThenCleanupFailed(new Verdict(Outcome.Broken, $"Disposing {instance.GetType().Name} failed: {error.Message}", error.ToString()));
            }
        }

        return ResultFactory.Create(scenario, verdict, start, Now, steps, context);
    }

    private async Task<(StepResult Result, Verdict Verdict)> RunStepAsync(ScenarioStep step, int index, StepMatch match)
    {
        context.BeginStep(step, index);
        options.Listener?.StepStarted(scenario, step);
        var start = Now;
        var stepVerdict = await RunHooksForStepAsync(HookKind.BeforeStep, Verdict.Passed).ConfigureAwait(false);
        if (stepVerdict.Outcome == Outcome.Passed)
        {
            try
            {
                await MethodInvoker.InvokeAsync(match.Definition!.Method, scope, match.Arguments).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                stepVerdict = Verdict.FromException(e, null, cancellationToken);
            }
        }

        stepVerdict = await RunHooksForStepAsync(HookKind.AfterStep, stepVerdict).ConfigureAwait(false);
        var stop = Now;
        var result = new StepResult(step.Keyword, step.Text, stepVerdict.Outcome, start, stop, stepVerdict.Message, context.EndStep());
        steps.Add(result);
        options.Listener?.StepFinished(scenario, step, result);
        return (result, stepVerdict);
    }

    /// <summary>Runs the step hooks of a kind; before-step hooks stop at the first failure, after-step hooks all run.</summary>
    private async Task<Verdict> RunHooksForStepAsync(HookKind kind, Verdict current)
    {
        foreach (var hook in ApplicableHooks(kind))
        {
            try
            {
                await MethodInvoker.InvokeHookAsync(hook.Method, scope).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var failure = Verdict.FromException(e, $"[{kind}] {hook.MethodName}", cancellationToken);
                if (kind == HookKind.BeforeStep)
                {
                    return failure;
                }

                current = current.ThenCleanupFailed(failure);
            }
        }

        return current;
    }

    private async Task RunHooksAsync(HookKind kind, bool stopAtFirstFailure)
    {
        foreach (var hook in ApplicableHooks(kind))
        {
            try
            {
                await MethodInvoker.InvokeHookAsync(hook.Method, scope).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var failure = Verdict.FromException(e, $"[{kind}] {hook.MethodName}", cancellationToken);
                if (stopAtFirstFailure)
                {
                    verdict = failure;
                    return;
                }

                verdict = verdict.ThenCleanupFailed(failure);
            }
        }
    }

    private IEnumerable<HookDefinition> ApplicableHooks(HookKind kind) =>
        bindings.Hooks
            .Where(h => h.Kind == kind && h.AppliesTo(scenario.Tags))
            .OrderBy(h => h.Order)
            .ThenBy(h => h.Method.DeclaringType?.FullName, StringComparer.Ordinal)
            .ThenBy(h => h.Method.Name, StringComparer.Ordinal);

    private void RecordNotRun(ScenarioStep step)
    {
        var now = Now;
        var result = new StepResult(step.Keyword, step.Text, Outcome.Skipped, now, now, null, []);
        steps.Add(result);
        options.Listener?.StepFinished(scenario, step, result);
    }
}
