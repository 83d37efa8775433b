using System.Globalization;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting.Allure;
using ConformanceKit.Reporting.Compliance;
using ConformanceKit.Reporting.Gating;
using ConformanceKit.Reporting.JUnit;

namespace ConformanceKit.Reporting;

/// <summary>What <see cref="RunReporter"/> should write, and where.</summary>
public sealed record ReportOptions
{
    /// <summary>The run's directory: everything is written beneath it.</summary>
    public required string ResultsDirectory { get; init; }

    /// <summary>Values that must never appear in a report: the token or password used, adminPass values received.</summary>
    public IReadOnlyList<string?> Secrets { get; init; } = [];

    /// <summary>The baseline of known failures (--baseline FILE), or null.</summary>
    public string? BaselinePath { get; init; }

    /// <summary>Rewrite the baseline with this run's failures (--update-baseline).</summary>
    public bool UpdateBaseline { get; init; }

    /// <summary>Generate the Allure HTML report (false: --no-html).</summary>
    public bool Html { get; init; } = true;
    /// <summary>Install the pinned Allure CLI with npm when it is missing (the run command does; tests do not).</summary>
    public bool InstallAllure { get; init; }
    /// <summary>Where one-line progress notes go (installing the Allure CLI).</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>tools/report (null: looked up from the current and the application's directories).</summary>
    public string? ToolsDirectory { get; init; }

    public ActionCatalogue? Catalogue { get; init; }

    /// <summary>Also write the run as a subunit v2 stream to this file (--subunit FILE), or null.</summary>
    public string? SubunitFile { get; init; }
}

/// <summary>Everything a run's reporting produced, and the exit code it comes to.</summary>
public sealed record RunReport(
    string ResultsDirectory,
    string AllureResults,
    HtmlReportResult Html,
    string MatrixHtml,
    string MatrixJson,
    string JUnit,
    ComplianceMatrix Matrix,
    GateResult Gate,
    string? BaselineWritten,
    int SecretsMasked,
    IReadOnlyList<SecretFinding> SecretsFound,
    RunInterruption? Interruption = null)
{
    /// <summary>
    /// 2 if a secret was found under the results directory; else 3 after an endpoint outage and 1 after an interruption
    /// (a run that ended early never passes the gate); else the gate's code (0 or 1).
    /// </summary>
    public int ExitCode => SecretsFound.Count > 0 ? ExitCodes.UsageOrConfigurationError
        : Interruption is { Kind: InterruptionKind.EndpointOutage } ? ExitCodes.EndpointUnreachable
        : Interruption is not null ? ExitCodes.ConformanceFailures
        : Gate.ExitCode;

    /// <summary>Lines for the console: where each output is, the verdict and the gate.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>
        {
            $"Allure results:    {AllureResults}",
            Html.Generated ? $"HTML report:       {Html.IndexFile}" : Html.Message,
            $"Compliance matrix: {MatrixHtml}",
            $"                   {MatrixJson}",
            $"JUnit XML:         {JUnit}",
        };
        if (BaselineWritten is not null) lines.Add($"Baseline rewritten: {BaselineWritten} ({Gate.NewFailures.Count + Gate.KnownFailures.Count} known failure(s))");
        var v = Matrix.Verdict;
        lines.Add($"Verdict: {v.Text} — {v.Explanation} Coverage: {v.ActionsTested} of {v.Actions} actions, {v.Gaps} gap(s).");
        if (SecretsMasked > 0)
            lines.Add($"warning: the report writers masked {SecretsMasked.ToString(CultureInfo.InvariantCulture)} secret occurrence(s) that upstream masking had missed.");
        foreach (var finding in SecretsFound) lines.Add($"SECRET FOUND under the results directory: {finding} — do not publish it; this is a kit bug.");
        if (Interruption is null)
        {
            lines.AddRange(Gate.Describe());
            return lines;
        }
        // A run that ended early is no certification: the gate is not evaluated and the baseline is left as it was.
        var gateLines = Gate.Describe();
        lines.AddRange(gateLines.Take(gateLines.Count - 1));
        lines.Add($"gate: not passed (exit {ExitCode.ToString(CultureInfo.InvariantCulture)}): the run {(Interruption.Kind == InterruptionKind.EndpointOutage ? "ended on an endpoint outage" : "was interrupted")} " +
            $"({Interruption.Reason}) after {Matrix.Verdict.Scenarios} of {Interruption.Planned} scenarios; no baseline was changed.");
        return lines;
    }
}

/// <summary>
/// Writes all of a run's reports under one directory: allure-results/, allure-report/index.html,
/// compliance-matrix.html and .json, junit.xml; evaluates the gate against the baseline (and rewrites
/// it on request); finally scans the whole directory for the secrets.
/// </summary>
public sealed class RunReporter(ReportOptions options)
{
    public const string AllureResultsFolder = "allure-results";
    public const string AllureReportFolder = "allure-report";
    public const string MatrixHtmlFile = "compliance-matrix.html";
    public const string MatrixJsonFile = "compliance-matrix.json";
    public const string JUnitFile = "junit.xml";

    /// <summary>
    /// The baseline the gate compares with: none without a path, none when --update-baseline is about to create it,
    /// otherwise the file read and checked. Callers may use it to refuse a bad baseline before a run starts.
    /// </summary>
    /// <exception cref="BaselineException">The baseline file is missing (without --update-baseline) or malformed.</exception>
    public static Baseline? LoadBaseline(string? path, bool updateBaseline) =>
        path is not null && !(updateBaseline && !File.Exists(path)) ? Baseline.Load(path) : null;

    /// <exception cref="BaselineException">The baseline file is missing (without --update-baseline) or malformed.</exception>
    public RunReport Write(IReadOnlyList<ScenarioResult> results, RunInfo run)
    {
        var dir = Path.GetFullPath(options.ResultsDirectory);
        Directory.CreateDirectory(dir);
        var catalogue = options.Catalogue ?? ActionCatalogue.Default;
        var scrubber = new SecretScrubber(options.Secrets);

        var baseline = LoadBaseline(options.BaselinePath, options.UpdateBaseline);

        var allureDir = Path.Combine(dir, AllureResultsFolder);
        new AllureWriter(scrubber, catalogue).Write(allureDir, results, run);
        var junit = Path.Combine(dir, JUnitFile);
        new JUnitWriter(scrubber).Write(junit, results, run);
        if (options.SubunitFile is { } subunit) new Subunit.SubunitWriter(scrubber).Write(subunit, results);
        var matrix = ComplianceMatrix.Build(catalogue, results, run);
        var matrixHtml = Path.Combine(dir, MatrixHtmlFile);
        var matrixJson = Path.Combine(dir, MatrixJsonFile);
        matrix.WriteHtml(matrixHtml, scrubber);
        matrix.WriteJson(matrixJson, scrubber);

        HtmlReportResult html;
        if (!options.Html) html = new(false, null, "HTML report skipped: --no-html.", TimeSpan.Zero);
        else if ((options.ToolsDirectory ?? AllureReport.FindToolsDirectory()) is not { } tools)
            html = new(false, null, $"HTML report skipped: tools/report was not found (run nova-conformance from the kit's checkout, then {AllureReport.InstallCommand}).", TimeSpan.Zero);
        else
        {
            var allure = new AllureReport(tools);
            if (options.InstallAllure && allure.InstallIfMissing(options.Progress) is { } note) options.Progress?.Invoke(note);
            html = allure.Generate(allureDir, Path.Combine(dir, AllureReportFolder), $"Nova conformance — {run.TargetName}");
        }

        var gate = Gate.Evaluate(results, baseline);
        string? written = null;
        // An interrupted run knows nothing about the scenarios it did not finish: it never rewrites the baseline.
        if (options.UpdateBaseline && options.BaselinePath is { } target && run.Interruption is null)
        {
            var updated = Baseline.FromResults(results, run.TargetName);
            updated.Save(target, scrubber);
            written = Path.GetFullPath(target);
            gate = Gate.Evaluate(results, updated) with { Fixed = gate.Fixed, NotRun = gate.NotRun };
        }

        var found = scrubber.Scan(dir);
        return new RunReport(dir, allureDir, html, matrixHtml, matrixJson, junit, matrix, gate, written, scrubber.Masked, found, run.Interruption);
    }
}
