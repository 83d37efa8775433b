using ConformanceKit.Core.Results;
using ConformanceKit.Gherkin.Bindings;
using ConformanceKit.Gherkin.Execution;

namespace ConformanceKit.Gherkin;

/// <summary>
/// Runs scenarios against bindings. Safe to use for several scenarios at once: each run has its own context and objects.
/// </summary>
public sealed class ScenarioRunner
{
    private readonly BindingRegistry bindings;
    private readonly RunOptions options;

    public ScenarioRunner(BindingRegistry bindings, RunOptions? options = null)
    {
        this.bindings = bindings ?? throw new ArgumentNullException(nameof(bindings));
        this.options = options ?? new RunOptions();
    }

    /// <summary>
    /// Runs one scenario and returns its result; never throws for a failing scenario (only for a listener that throws).
    /// A step that does not match exactly one binding makes the scenario Broken without running anything.
    /// Outcomes: any exception from a step → Failed; <see cref="ScenarioSkippedException"/> → Skipped;
    /// <see cref="ScenarioNotSupportedException"/> → NotSupported; <see cref="ScenarioBrokenException"/>, a failing hook,
    /// a context that cannot be created or cancellation → Broken. Steps after the first non-passed one are Skipped.
    /// </summary>
    public async Task<ScenarioResult> RunAsync(ScenarioCase scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options.Listener?.ScenarioStarted(scenario);
        var matches = scenario.Steps.Select(bindings.Matcher.Match).ToList();
        var result = matches.All(m => m.IsMatched)
            ? options.DryRun
                ? DryRun(scenario)
                : await new ScenarioExecution(scenario, bindings, options, cancellationToken).RunAsync(matches).ConfigureAwait(false)
            : Unrunnable(scenario, matches);
        options.Listener?.ScenarioFinished(scenario, result);
        return result;
    }

    private ScenarioResult DryRun(ScenarioCase scenario)
    {
        var now = options.Clock.GetUtcNow();
        var steps = scenario.Steps.Select(step =>
        {
            options.Listener?.StepStarted(scenario, step);
            var result = new StepResult(step.Keyword, step.Text, Outcome.Passed, now, now, null, []);
            options.Listener?.StepFinished(scenario, step, result);
            return result;
        }).ToList();
        return ResultFactory.Create(scenario, Verdict.Passed, now, now, steps, null);
    }

    private ScenarioResult Unrunnable(ScenarioCase scenario, IReadOnlyList<StepMatch> matches)
    {
        var now = options.Clock.GetUtcNow();
        var steps = new List<StepResult>();
        string? firstProblem = null;
        for (var i = 0; i < matches.Count; i++)
        {
            var step = scenario.Steps[i];
            var problem = matches[i].IsMatched ? null : matches[i].ToError(scenario.FeatureFile, step.Line).ToString();
            firstProblem ??= problem;
            var result = new StepResult(step.Keyword, step.Text, problem is null ? Outcome.Skipped : Outcome.Broken, now, now, problem, []);
            steps.Add(result);
            options.Listener?.StepFinished(scenario, step, result);
        }

        return ResultFactory.Create(scenario, new Verdict(Outcome.Broken, firstProblem, null), now, now, steps, null);
    }
}
