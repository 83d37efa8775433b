using System.Text.Json;
using System.Text.Json.Serialization;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting.Compliance;

/// <summary>The matrix's columns: what is checked about an action.</summary>
public enum Aspect
{
    /// <summary>The normal and documented error response codes (@aspect:code).</summary>
    Code,
    /// <summary>The statuses an action is allowed from, and a locked server's refusal (@aspect:preconditions, @aspect:lock).</summary>
    Preconditions,
    /// <summary>The response body and its JSON Schema (@aspect:body, @aspect:schema).</summary>
    BodySchema,
    /// <summary>The action's microversion window and microversion-dependent behaviour (@aspect:microversions).</summary>
    Microversions,
    /// <summary>Who may call the action under the default policy (@aspect:policy).</summary>
    Policy,
}

/// <summary>
/// How the features' @aspect tags map onto the matrix's columns. lock is a precondition (a locked
/// server refuses the owner's action with 409); schema and body are one column (the body is checked
/// against its schema). An @aspect tag not listed here is reported as unmapped.
/// </summary>
public static class AspectMap
{
    public static readonly IReadOnlyDictionary<string, Aspect> ByTag = new Dictionary<string, Aspect>(StringComparer.Ordinal)
    {
        ["code"] = Aspect.Code,
        ["preconditions"] = Aspect.Preconditions,
        ["lock"] = Aspect.Preconditions,
        ["body"] = Aspect.BodySchema,
        ["schema"] = Aspect.BodySchema,
        ["microversions"] = Aspect.Microversions,
        ["policy"] = Aspect.Policy,
    };

    public static string Title(this Aspect aspect) => aspect switch
    {
        Aspect.Code => "Response codes",
        Aspect.Preconditions => "Preconditions",
        Aspect.BodySchema => "Body schema",
        Aspect.Microversions => "Microversions",
        Aspect.Policy => "Policy",
        _ => aspect.ToString(),
    };

    public static IEnumerable<string> Tags(this Aspect aspect) => ByTag.Where(p => p.Value == aspect).Select(p => "@aspect:" + p.Key);
}

/// <summary>What a cell shows.</summary>
public enum CellState
{
    /// <summary>Every scenario that ran passed (some may have been skipped).</summary>
    Pass,
    /// <summary>A scenario failed: a contract violation.</summary>
    Fail,
    /// <summary>A scenario broke: an endpoint fault or a kit error (no verdict on conformance).</summary>
    Error,
    /// <summary>Every scenario was skipped; the reasons say why.</summary>
    Skip,
    /// <summary>The deployment answered the documented 501.</summary>
    NotSupported,
    /// <summary>No scenario checks this: a hole in the kit's coverage.</summary>
    Gap,
    /// <summary>No scenario, and the action does not exist at the endpoint's microversions.</summary>
    NotApplicable,
}

public sealed record MatrixScenario(string Id, string Name, Outcome Outcome, string? Message, string? Microversion);

public sealed record MatrixCell(Aspect Aspect, CellState State, IReadOnlyList<MatrixScenario> Scenarios)
{
    public int Count(Outcome outcome) => Scenarios.Count(s => s.Outcome == outcome);

    /// <summary>The distinct reasons for skips, not-supported answers, failures and errors.</summary>
    public IReadOnlyList<string> Reasons => Scenarios
        .Where(s => s.Outcome != Outcome.Passed && s.Message is not null)
        .Select(s => s.Message!.Split('\n')[0].Trim())
        .Distinct(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> Microversions => Scenarios
        .Select(s => s.Microversion).OfType<string>().Distinct(StringComparer.Ordinal)
        .OrderBy(v => Microversion.TryParse(v, out var mv) ? mv : new Microversion(int.MaxValue, 0)).ToList();
}

public sealed record MatrixRow(string Action, string Title, Uri ApiRef, string Microversions, bool Offered, IReadOnlyList<MatrixCell> Cells, CellState Overall)
{
    public MatrixCell this[Aspect aspect] => Cells.Single(c => c.Aspect == aspect);
}

/// <summary>The certification verdict at the end of the matrix.</summary>
public sealed record Verdict(
    string Text,
    bool Conforming,
    int Scenarios,
    int Passed,
    int Failed,
    int EndpointFaults,
    int KitErrors,
    int Skipped,
    int NotSupported,
    int ActionsTested,
    int Actions,
    int CellsCovered,
    int Gaps,
    RunInterruption? Interruption = null)
{
    public const string ConformingText = "CONFORMING";
    public const string NotConformingText = "NOT CONFORMING";
    public const string InconclusiveText = "INCONCLUSIVE";
    public const string InterruptedText = "INTERRUPTED";
    public const string EndpointOutageText = "ENDPOINT OUTAGE";

    private string Judged => $"{Scenarios} of {Interruption?.Planned} scenarios finished before it ({Passed} passed, {Failed} contract violation(s), {EndpointFaults} endpoint fault(s), {KitErrors} not judged); nothing is certified.";

    public string Explanation => Text switch
    {
        InterruptedText => $"The run was interrupted ({Interruption?.Reason}); {Judged}",
        EndpointOutageText => $"The endpoint stopped answering ({Interruption?.Reason}); this is an outage, not a verdict on conformance. {Judged}",
        NotConformingText => $"{Failed} contract violation(s) and {EndpointFaults} endpoint fault(s) among {Scenarios} scenarios.",
        InconclusiveText when Passed == 0 => "No scenario passed: nothing was certified.",
        InconclusiveText => $"{KitErrors} scenario(s) broke on a kit or configuration error, so part of the run gave no verdict; no contract violation was seen.",
        _ => $"All {Passed} scenarios that ran passed ({Skipped} skipped, {NotSupported} not supported by this deployment).",
    };
}

/// <summary>
/// Action × aspect compliance matrix, built from the catalogue so that an action without a scenario
/// shows as a gap. Each cell aggregates the scenarios tagged with the action and one of the aspect's
/// tags: fail if any failed, else error if any broke, else pass if any passed, else not supported,
/// else skip (all skipped, with reasons).
/// <para>Verdict: INTERRUPTED or ENDPOINT OUTAGE when the run ended early (nothing is certified, whatever the
/// scenarios that finished say); else NOT CONFORMING when any scenario failed or hit an endpoint fault (5xx, timeout);
/// else INCONCLUSIVE when a kit or configuration error left part of the run without a verdict or nothing
/// passed; else CONFORMING. Gaps, skips and not-supported answers do not change the verdict; the
/// coverage figures beside it say how much was tested. A baseline does not change it either: the
/// baseline only decides the CI exit code.</para>
/// </summary>
public sealed class ComplianceMatrix
{
    public RunInfo Run { get; }
    public IReadOnlyList<MatrixRow> Rows { get; }
    public Verdict Verdict { get; }

    /// <summary>Scenarios that name no @action tag (they appear in no row).</summary>
    public IReadOnlyList<MatrixScenario> WithoutAction { get; }

    /// <summary>@action tags that name no action of the catalogue, with their scenarios.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MatrixScenario>> UnknownActions { get; }

    /// <summary>Scenarios with an action but no mapped @aspect tag (they count in the row's overall state only).</summary>
    public IReadOnlyList<MatrixScenario> WithoutAspect { get; }

    /// <summary>@aspect tags the <see cref="AspectMap"/> does not know.</summary>
    public IReadOnlyList<string> UnmappedAspectTags { get; }

    private ComplianceMatrix(RunInfo run, IReadOnlyList<MatrixRow> rows, Verdict verdict, IReadOnlyList<MatrixScenario> withoutAction,
        IReadOnlyDictionary<string, IReadOnlyList<MatrixScenario>> unknownActions, IReadOnlyList<MatrixScenario> withoutAspect, IReadOnlyList<string> unmappedAspects)
    {
        Run = run;
        Rows = rows;
        Verdict = verdict;
        WithoutAction = withoutAction;
        UnknownActions = unknownActions;
        WithoutAspect = withoutAspect;
        UnmappedAspectTags = unmappedAspects;
    }

    public MatrixRow this[string action] => Rows.Single(r => r.Action == action);

    public static ComplianceMatrix Build(ActionCatalogue catalogue, IReadOnlyList<ScenarioResult> results, RunInfo run)
    {
        static MatrixScenario Entry(ScenarioResult r) => new(r.Id, r.FullName, r.Outcome, r.Message,
            r.Parameters.TryGetValue("microversion", out var mv) ? mv : null);

        var rows = new List<MatrixRow>();
        foreach (var action in catalogue.Actions)
        {
            var mine = results.Where(r => r.Actions.Contains(action.Name, StringComparer.Ordinal)).ToList();
            var offered = run.Microversions is not { } endpointRange || action.Microversions.Intersect(endpointRange) is not null;
            var cells = Enum.GetValues<Aspect>().Select(aspect =>
            {
                var scenarios = mine.Where(r => r.Aspects.Any(t => AspectMap.ByTag.TryGetValue(t, out var a) && a == aspect)).Select(Entry).ToList();
                var state = Aggregate(scenarios.Select(s => s.Outcome));
                if (state == CellState.Gap && !offered) state = CellState.NotApplicable;
                return new MatrixCell(aspect, state, scenarios);
            }).ToList();
            var overall = Aggregate(mine.Select(r => r.Outcome));
            if (overall == CellState.Gap && !offered) overall = CellState.NotApplicable;
            rows.Add(new MatrixRow(action.Name, action.Title, action.ApiRefUrl, action.Microversions.ToString(), offered, cells, overall));
        }

        var withoutAction = results.Where(r => !r.Actions.Any()).Select(Entry).ToList();
        var unknownActions = results
            .SelectMany(r => r.Actions.Where(a => catalogue.Find(a) is null).Select(a => (Action: a, Result: r)))
            .GroupBy(p => p.Action, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MatrixScenario>)g.Select(p => Entry(p.Result)).ToList(), StringComparer.Ordinal);
        var withoutAspect = results.Where(r => r.Actions.Any() && !r.Aspects.Any(AspectMap.ByTag.ContainsKey)).Select(Entry).ToList();
        var unmapped = results.SelectMany(r => r.Aspects).Where(a => !AspectMap.ByTag.ContainsKey(a)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var failed = results.Count(r => r.Outcome == Outcome.Failed);
        var endpointFaults = results.Count(r => FailureClassifier.Classify(r) == FailureKind.EndpointFault);
        var kitErrors = results.Count(r => FailureClassifier.Classify(r) is FailureKind.KitOrConfigurationError or FailureKind.Interrupted);
        var passed = results.Count(r => r.Outcome == Outcome.Passed);
        // A run that ended early certifies nothing, whatever the scenarios it finished say; an outage names the outage.
        var text = run.Interruption is { Kind: InterruptionKind.EndpointOutage } ? Verdict.EndpointOutageText
            : run.Interruption is not null ? Verdict.InterruptedText
            : failed + endpointFaults > 0 ? Verdict.NotConformingText
            : kitErrors > 0 || passed == 0 ? Verdict.InconclusiveText
            : Verdict.ConformingText;
        var cellsAll = rows.SelectMany(r => r.Cells).ToList();
        var verdict = new Verdict(
            text, text == Verdict.ConformingText, results.Count, passed, failed, endpointFaults, kitErrors,
            results.Count(r => r.Outcome == Outcome.Skipped), results.Count(r => r.Outcome == Outcome.NotSupported),
            rows.Count(r => r.Overall is not (CellState.Gap or CellState.NotApplicable or CellState.Skip)), rows.Count,
            cellsAll.Count(c => c.State is not (CellState.Gap or CellState.NotApplicable)), cellsAll.Count(c => c.State == CellState.Gap),
            run.Interruption);
        return new ComplianceMatrix(run, rows, verdict, withoutAction, unknownActions, withoutAspect, unmapped);
    }

    /// <summary>The state of a set of outcomes: fail, error, pass, not supported, skip, or gap when empty.</summary>
    public static CellState Aggregate(IEnumerable<Outcome> outcomes)
    {
        var set = outcomes.ToHashSet();
        if (set.Count == 0) return CellState.Gap;
        if (set.Contains(Outcome.Failed)) return CellState.Fail;
        if (set.Contains(Outcome.Broken)) return CellState.Error;
        if (set.Contains(Outcome.Passed)) return CellState.Pass;
        if (set.Contains(Outcome.NotSupported)) return CellState.NotSupported;
        return CellState.Skip;
    }

    public static string Label(CellState state) => state switch
    {
        CellState.Pass => "PASS",
        CellState.Fail => "FAIL",
        CellState.Error => "ERROR",
        CellState.Skip => "SKIP",
        CellState.NotSupported => "NOT SUPPORTED",
        CellState.Gap => "GAP",
        CellState.NotApplicable => "N/A",
        _ => state.ToString(),
    };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The matrix as JSON (machine-readable twin of the HTML page).</summary>
    public string ToJson()
    {
        var document = new
        {
            run = new
            {
                Run.RunId, Run.TargetName, Run.Endpoint, Run.NovaVersion,
                Microversions = Run.Microversions?.ToString(), Run.KitVersion, Run.TagFilter,
            },
            aspects = Enum.GetValues<Aspect>().Select(a => new { aspect = a, title = a.Title(), tags = a.Tags().ToList() }),
            actions = Rows.Select(r => new
            {
                name = r.Action,
                title = r.Title,
                apiRef = r.ApiRef.ToString(),
                microversions = r.Microversions,
                offered = r.Offered,
                overall = r.Overall,
                cells = r.Cells.ToDictionary(c => JsonNamingPolicy.KebabCaseLower.ConvertName(c.Aspect.ToString()), c => new
                {
                    state = c.State,
                    label = Label(c.State),
                    passed = c.Count(Outcome.Passed),
                    failed = c.Count(Outcome.Failed),
                    broken = c.Count(Outcome.Broken),
                    skipped = c.Count(Outcome.Skipped),
                    notSupported = c.Count(Outcome.NotSupported),
                    microversions = c.Microversions,
                    reasons = c.Reasons,
                    scenarios = c.Scenarios,
                }),
            }),
            unmapped = new
            {
                scenariosWithoutAction = WithoutAction.Select(s => s.Id),
                unknownActions = UnknownActions.ToDictionary(p => p.Key, p => p.Value.Select(s => s.Id)),
                scenariosWithoutAspect = WithoutAspect.Select(s => s.Id),
                unmappedAspectTags = UnmappedAspectTags.Select(t => "@aspect:" + t),
            },
            verdict = new
            {
                verdict = Verdict.Text,
                Verdict.Conforming,
                explanation = Verdict.Explanation,
                interrupted = Verdict.Interruption is not null,
                interruption = Verdict.Interruption is { } i ? new { kind = i.Label, reason = i.Reason, planned = i.Planned } : null,
                Verdict.Scenarios, Verdict.Passed, Verdict.Failed, Verdict.EndpointFaults, Verdict.KitErrors,
                Verdict.Skipped, Verdict.NotSupported, Verdict.ActionsTested, Verdict.Actions, Verdict.CellsCovered, Verdict.Gaps,
            },
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    public void WriteJson(string path, SecretScrubber? scrubber = null) => (scrubber ?? SecretScrubber.None).WriteAllText(path, ToJson());

    public void WriteHtml(string path, SecretScrubber? scrubber = null) => (scrubber ?? SecretScrubber.None).WriteAllText(path, MatrixHtml.Render(this));
}
