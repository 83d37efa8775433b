using System.Globalization;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting.Gating;

/// <summary>A scenario's failure as the gate sees it.</summary>
public sealed record GateFailure(string Id, string Scenario, Outcome Outcome, FailureKind Kind, string? Message);

/// <summary>What the gate decided, and why.</summary>
public sealed record GateResult(
    IReadOnlyList<GateFailure> NewFailures,
    IReadOnlyList<GateFailure> KnownFailures,
    IReadOnlyList<KnownFailure> Fixed,
    IReadOnlyList<KnownFailure> NotRun,
    bool BaselineUsed)
{
    /// <summary><see cref="ExitCodes.Conforming"/> unless a failure is missing from the baseline.</summary>
    public int ExitCode => NewFailures.Count > 0 ? ExitCodes.ConformanceFailures : ExitCodes.Conforming;

    /// <summary>Lines for the console and the CI log.</summary>
    public IReadOnlyList<string> Describe()
    {
        static string One(GateFailure f) => $"  {f.Id}: {f.Kind.Describe()}{(f.Message is null ? "" : " — " + f.Message.Split('\n')[0])}";
        var lines = new List<string>();
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        if (NewFailures.Count > 0)
        {
            lines.Add(BaselineUsed ? $"{N(NewFailures.Count)} new failure(s), not in the baseline:" : $"{N(NewFailures.Count)} failure(s):");
            lines.AddRange(NewFailures.Select(One));
        }
        if (KnownFailures.Count > 0)
        {
            lines.Add($"{N(KnownFailures.Count)} known failure(s), listed in the baseline:");
            lines.AddRange(KnownFailures.Select(One));
        }
        if (Fixed.Count > 0)
        {
            lines.Add($"{N(Fixed.Count)} baseline failure(s) now pass (fixed; remove them with --update-baseline):");
            lines.AddRange(Fixed.Select(f => $"  {f.Id}: {f.Scenario}"));
        }
        if (NotRun.Count > 0)
        {
            lines.Add($"{N(NotRun.Count)} baseline failure(s) were not checked by this run (filtered out or skipped):");
            lines.AddRange(NotRun.Select(f => $"  {f.Id}"));
        }
        lines.Add(ExitCode == ExitCodes.Conforming
            ? $"gate: passed (exit {N(ExitCode)})"
            : $"gate: failed (exit {N(ExitCode)}): {N(NewFailures.Count)} failure(s){(BaselineUsed ? " not in the baseline" : "")}");
        return lines;
    }
}

/// <summary>
/// The CI gate: compares a run with a baseline of known failures (by stable id). A Failed or Broken
/// scenario the baseline does not list is a new failure and fails the gate (exit 1); one it lists is
/// known; a listed scenario that now passed is reported as fixed; one that did not run (filtered out,
/// skipped) as not run. Without a baseline every failure is new.
/// </summary>
public static class Gate
{
    public static bool IsFailure(ScenarioResult r) => r.Outcome is Outcome.Failed or Outcome.Broken;

    public static GateResult Evaluate(IReadOnlyList<ScenarioResult> results, Baseline? baseline)
    {
        var known = baseline ?? Baseline.Empty;
        var failures = results.Where(IsFailure)
            .Select(r => new GateFailure(r.Id, r.FullName, r.Outcome, FailureClassifier.Classify(r), r.Message))
            .GroupBy(f => f.Id, StringComparer.Ordinal).Select(g => g.First())
            .ToList();
        var newFailures = failures.Where(f => !known.Contains(f.Id)).ToList();
        var knownFailures = failures.Where(f => known.Contains(f.Id)).ToList();

        var byId = results.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var failingIds = failures.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var fixedOnes = new List<KnownFailure>();
        var notRun = new List<KnownFailure>();
        foreach (var entry in known.KnownFailures.Where(k => !failingIds.Contains(k.Id)))
        {
            if (byId.TryGetValue(entry.Id, out var runs) && runs.Any(r => r.Outcome == Outcome.Passed)) fixedOnes.Add(entry);
            else notRun.Add(entry);
        }
        return new GateResult(newFailures, knownFailures, fixedOnes, notRun, baseline is not null);
    }
}
