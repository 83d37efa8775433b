using ConformanceKit.Core.Results;
using ConformanceKit.Gherkin.Bridge;
using ConformanceKit.Gherkin.Execution;
using Reqnroll;

namespace ConformanceKit.Gherkin;

/// <summary>
/// The bridge: runs compiled scenarios (pickles) through Reqnroll's runtime, calling its <see cref="ITestRunner"/>
/// the way the test classes Reqnroll.NUnit generates do (feature start, scenario initialise and start, one
/// Given/When/Then call per pickle step with its table or doc string, scenario errors, scenario end), and turns what
/// Reqnroll recorded into a <see cref="ScenarioResult"/>. Safe for several scenarios at once: Reqnroll hands each a
/// test runner of its own. Dispose it to end the run: Reqnroll then fires its after-feature and after-test-run events
/// and its formatters write their files.
/// </summary>
public sealed class ScenarioRunner : IAsyncDisposable
{
    private readonly GherkinSuite suite;
    private readonly RunOptions options;
    private readonly ReqnrollRuntime runtime;
    private readonly FeatureInfos features = new();
    private readonly Lazy<Task> started;

    internal ScenarioRunner(GherkinSuite suite, RunOptions options)
    {
        this.suite = suite;
        this.options = options;
        runtime = ReqnrollRuntime.Create(suite.BindingAssembly, new RuntimeSetup
        {
            DryRun = options.DryRun,
            Instances = options.Instances,
            UnitTestRuntime = options.UnitTestRuntime,
            ConfigurationFile = suite.ConfigurationFile,
            Formatters = options.Formatters,
        });
        started = new Lazy<Task>(runtime.StartTestRunAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private DateTimeOffset Now => options.Clock.GetUtcNow();

    /// <summary>
    /// Runs one scenario and returns its result; never throws for a failing scenario (only for a listener that throws).
    /// A step that does not match exactly one binding makes the scenario Broken without running anything.
    /// Outcomes: any exception from a step → Failed; <see cref="ScenarioSkippedException"/> → Skipped;
    /// <see cref="ScenarioNotSupportedException"/> → NotSupported; <see cref="ScenarioBrokenException"/>, a failing hook,
    /// an object Reqnroll's container cannot create or cancellation → Broken. Steps after the first non-passed one are Skipped.
    /// </summary>
    public async Task<ScenarioResult> RunAsync(ScenarioCase scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options.Listener?.ScenarioStarted(scenario);
        var problems = suite.ProblemsOf(scenario);
        var result = problems.Count > 0
            ? NotRun(scenario, problems, null)
            : cancellationToken.IsCancellationRequested
                ? NotRun(scenario, [], OutcomeMessages.NotJudgedInterrupted)
                : await ExecuteAsync(scenario, cancellationToken).ConfigureAwait(false);
        options.Listener?.ScenarioFinished(scenario, result);
        return result;
    }

    private async Task<ScenarioResult> ExecuteAsync(ScenarioCase scenario, CancellationToken cancellationToken)
    {
        await started.Value.ConfigureAwait(false);
        var feature = features.For(scenario.Document);
        var runner = runtime.Acquire(feature);
        try
        {
            if (runner.FeatureContext is { } current && !ReferenceEquals(current.FeatureInfo, feature))
                await runner.OnFeatureEndAsync().ConfigureAwait(false);
            if (runner.FeatureContext is null)
                await runner.OnFeatureStartAsync(feature).ConfigureAwait(false);

            runner.OnScenarioInitialize(ScenarioInfos.Create(scenario), ScenarioInfos.Rule(scenario));
            var context = runner.ScenarioContext;
            var report = new ScenarioReport();
            context.ScenarioContainer.RegisterInstanceAs(report);
            var start = Now;
            var verdict = Verdict.Passed;
            var steps = new List<StepResult>();

            await runner.OnScenarioStartAsync().ConfigureAwait(false);
            if (context.ScenarioExecutionStatus != ScenarioExecutionStatus.OK)
                verdict = FromContext(context, "[BeforeScenario]", cancellationToken);

            for (var i = 0; i < scenario.Steps.Count; i++)
            {
                var step = scenario.Steps[i];
                if (verdict.Outcome == Outcome.Passed && cancellationToken.IsCancellationRequested)
                    verdict = new Verdict(Outcome.Broken, OutcomeMessages.NotJudgedInterrupted, null);
                if (verdict.Outcome != Outcome.Passed)
                {
                    // Reqnroll is still told of the step, so that its formatters list it as skipped.
                    if (!cancellationToken.IsCancellationRequested) await StepAsync(runner, step).ConfigureAwait(false);
                    RecordNotRun(scenario, step, steps);
                    continue;
                }

                report.BeginStep();
                options.Listener?.StepStarted(scenario, step);
                var stepStart = Now;
                await StepAsync(runner, step).ConfigureAwait(false);
                var stepStop = Now;
                var stepVerdict = context.ScenarioExecutionStatus == ScenarioExecutionStatus.OK
                    ? Verdict.Passed
                    : FromContext(context, null, cancellationToken);
                var result = new StepResult(step.Keyword, step.Text, stepVerdict.Outcome, stepStart, stepStop, stepVerdict.Message, report.EndStep());
                steps.Add(result);
                options.Listener?.StepFinished(scenario, step, result);
                verdict = stepVerdict;
            }

            try
            {
                await runner.CollectScenarioErrorsAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Reqnroll rethrows the scenario's error (or the test framework's skip) here; the verdict above already has it.
            }

            try
            {
                await runner.OnScenarioEndAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                verdict = verdict.ThenCleanupFailed(Verdict.FromException(e, "[AfterScenario]", cancellationToken));
            }

            return ResultFactory.Create(scenario, verdict, start, Now, steps, report);
        }
        finally
        {
            runtime.Release(runner);
        }
    }

    /// <summary>What Reqnroll recorded as the scenario's error, as a verdict (a hook's error when <paramref name="hook"/> is given).</summary>
    private static Verdict FromContext(ScenarioContext context, string? hook, CancellationToken cancellationToken) =>
        context.TestError is { } error
            ? Verdict.FromException(error, hook, cancellationToken)
            : new Verdict(Outcome.Broken, $"Reqnroll reported the scenario {context.ScenarioExecutionStatus}.", null);

    private static Task StepAsync(ITestRunner runner, ScenarioStep step)
    {
        var keyword = step.Keyword + " ";
        return step.KeywordType switch
        {
            StepKeyword.Given => runner.GivenAsync(step.Text, step.DocString?.Content, step.DataTable, keyword),
            StepKeyword.When => runner.WhenAsync(step.Text, step.DocString?.Content, step.DataTable, keyword),
            _ => runner.ThenAsync(step.Text, step.DocString?.Content, step.DataTable, keyword),
        };
    }

    private void RecordNotRun(ScenarioCase scenario, ScenarioStep step, List<StepResult> steps)
    {
        var now = Now;
        var result = new StepResult(step.Keyword, step.Text, Outcome.Skipped, now, now, null, []);
        steps.Add(result);
        options.Listener?.StepFinished(scenario, step, result);
    }

    /// <summary>A scenario that cannot run (a step binds to nothing or to several bindings) or was cancelled before it started.</summary>
    private ScenarioResult NotRun(ScenarioCase scenario, IReadOnlyList<(int StepIndex, DiscoveryError Error)> problems, string? cancelled)
    {
        var now = Now;
        var steps = new List<StepResult>();
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            var problem = problems.FirstOrDefault(p => p.StepIndex == i).Error?.ToString();
            var result = new StepResult(step.Keyword, step.Text, problem is null ? Outcome.Skipped : Outcome.Broken, now, now, problem, []);
            steps.Add(result);
            options.Listener?.StepFinished(scenario, step, result);
        }

        var message = cancelled ?? problems[0].Error.ToString();
        return ResultFactory.Create(scenario, new Verdict(Outcome.Broken, message, null), now, now, steps, null);
    }

    public ValueTask DisposeAsync() => runtime.DisposeAsync();
}
