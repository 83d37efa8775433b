using ConformanceKit.Core.Results;

namespace ConformanceKit.Cli.Commands;

/// <summary>The closing summary: outcomes by action, then the totals.</summary>
public sealed class Summary(TextWriter output)
{
    public void Write(IReadOnlyList<ScenarioResult> results, TimeSpan elapsed)
    {
        var byAction = results
            .SelectMany(r => (r.Actions.Any() ? r.Actions : ["(no action)"]).Select(a => (Action: a, r.Outcome)))
            .GroupBy(x => x.Action)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        output.WriteLine();
        output.WriteLine($"{"action",-22} {"pass",5} {"fail",5} {"skip",5} {"n/s",5} {"broken",6}");
        foreach (var g in byAction)
            output.WriteLine($"{g.Key,-22} {Count(g, Outcome.Passed),5} {Count(g, Outcome.Failed),5} {Count(g, Outcome.Skipped),5} {Count(g, Outcome.NotSupported),5} {Count(g, Outcome.Broken),6}");
        output.WriteLine();
        int C(Outcome o) => results.Count(r => r.Outcome == o);
        var notJudged = results.Count(r => Reporting.FailureClassifier.Classify(r) is Reporting.FailureKind.Interrupted or Reporting.FailureKind.KitOrConfigurationError);
        output.WriteLine($"{results.Count} scenarios in {elapsed.TotalSeconds:0.0} s: {C(Outcome.Passed)} passed, {C(Outcome.Failed)} failed, {C(Outcome.Skipped)} skipped, {C(Outcome.NotSupported)} not supported, {C(Outcome.Broken) - notJudged} broken, {notJudged} not judged");
    }

    private static int Count(IEnumerable<(string Action, Outcome Outcome)> items, Outcome outcome) => items.Count(i => i.Outcome == outcome);
}
