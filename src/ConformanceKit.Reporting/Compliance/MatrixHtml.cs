using System.Globalization;
using System.Net;
using System.Text;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting.Compliance;

/// <summary>
/// The matrix as one self-contained HTML page: inline CSS, no script, no external asset (the api-ref
/// links are plain links). Each state has a colour and a text label, so it reads in grey print too.
/// </summary>
internal static class MatrixHtml
{
    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Css(CellState s) => s switch
    {
        CellState.Pass => "pass",
        CellState.Fail => "fail",
        CellState.Error => "error",
        CellState.Skip => "skip",
        CellState.NotSupported => "ns",
        CellState.Gap => "gap",
        _ => "na",
    };

    private const string Style = """
        :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2330; }
        body { margin: 24px; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; }
        .meta { color: #4a5262; margin: 0 0 16px; font-size: 13px; }
        .meta span { margin-right: 18px; white-space: nowrap; }
        table { border-collapse: collapse; font-size: 12.5px; }
        th, td { border: 1px solid #c9ced8; padding: 4px 6px; vertical-align: top; }
        thead th { background: #eef0f4; position: sticky; top: 0; text-align: left; }
        td.action { white-space: nowrap; }
        td.action a { color: #1d4ed8; text-decoration: none; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        td.action .mv { color: #6b7280; font-size: 11px; }
        td.cell { min-width: 92px; }
        .state { font-weight: 700; letter-spacing: .02em; }
        .n { color: #374151; font-size: 11px; display: block; }
        .pass { background: #dcfce7; } .pass .state { color: #166534; }
        .fail { background: #fee2e2; } .fail .state { color: #991b1b; }
        .error { background: #ffedd5; } .error .state { color: #9a3412; }
        .skip { background: #f3f4f6; } .skip .state { color: #4b5563; }
        .ns { background: #e0e7ff; } .ns .state { color: #3730a3; }
        .gap { background: repeating-linear-gradient(45deg, #fff, #fff 5px, #fef9c3 5px, #fef9c3 10px); } .gap .state { color: #854d0e; }
        .na { background: #fafafa; } .na .state { color: #9ca3af; }
        .legend span { display: inline-block; padding: 2px 8px; margin: 0 6px 6px 0; border: 1px solid #c9ced8; font-size: 12px; }
        ul.details { font-size: 13px; padding-left: 18px; }
        ul.details li { margin-bottom: 4px; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
        .verdict { margin-top: 28px; padding: 14px 18px; border: 3px solid; font-size: 15px; page-break-inside: avoid; }
        .verdict.ok { border-color: #166534; background: #dcfce7; }
        .verdict.bad { border-color: #991b1b; background: #fee2e2; }
        .verdict.unsure { border-color: #9a3412; background: #ffedd5; }
        .verdict .word { font-size: 24px; font-weight: 800; display: block; margin-bottom: 6px; }
        .verdict table { margin-top: 8px; font-size: 13px; }
        .verdict td, .verdict th { border-color: #9ca3af; background: #fff; }
        @media print {
          body { margin: 8mm; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          thead th { position: static; }
          a { color: inherit; }
          table { font-size: 10px; }
          tr { page-break-inside: avoid; }
        }
        """;

    public static string Render(ComplianceMatrix m)
    {
        var run = m.Run;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>Nova compliance matrix — ").Append(E(run.TargetName)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        sb.Append("<h1>Nova server actions: compliance matrix</h1>\n<p class=\"meta\">")
          .Append("<span>Target: <b>").Append(E(run.TargetName)).Append("</b></span>")
          .Append("<span>Endpoint: <code>").Append(E(run.Endpoint)).Append("</code></span>")
          .Append("<span>Nova: ").Append(E(run.NovaVersion ?? "unknown")).Append("</span>")
          .Append("<span>Microversions: ").Append(E(run.Microversions?.ToString() ?? "unknown")).Append("</span>")
          .Append("<span>Kit: ").Append(E(run.KitVersion)).Append("</span>")
          .Append("<span>Run: <code>").Append(E(run.RunId)).Append("</code></span>");
        if (run.TagFilter is not null) sb.Append("<span>Tags: <code>").Append(E(run.TagFilter)).Append("</code></span>");
        sb.Append("</p>\n");

        sb.Append("<p class=\"legend\">");
        foreach (var s in Enum.GetValues<CellState>())
            sb.Append("<span class=\"").Append(Css(s)).Append("\"><b>").Append(ComplianceMatrix.Label(s)).Append("</b> ").Append(E(Meaning(s))).Append("</span>");
        sb.Append("</p>\n");

        var aspects = Enum.GetValues<Aspect>();
        sb.Append("<table>\n<thead><tr><th>Action</th>");
        foreach (var a in aspects) sb.Append("<th title=\"").Append(E(string.Join(" ", a.Tags()))).Append("\">").Append(E(a.Title())).Append("</th>");
        sb.Append("<th>Overall</th></tr></thead>\n<tbody>\n");
        foreach (var row in m.Rows)
        {
            sb.Append("<tr><td class=\"action\"><a href=\"").Append(E(row.ApiRef.ToString())).Append("\" title=\"").Append(E(row.Title)).Append("\">")
              .Append(E(row.Action)).Append("</a> <span class=\"mv\">").Append(E(row.Microversions)).Append("</span></td>");
            foreach (var cell in row.Cells) Cell(sb, cell);
            sb.Append("<td class=\"cell ").Append(Css(row.Overall)).Append("\"><span class=\"state\">").Append(ComplianceMatrix.Label(row.Overall)).Append("</span></td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");

        Details(sb, m);
        Unmapped(sb, m);
        VerdictBox(sb, m.Verdict);
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Cell(StringBuilder sb, MatrixCell cell)
    {
        var title = string.Join("\n", cell.Scenarios.Select(s => $"{s.Outcome}: {s.Id}" + (s.Message is null ? "" : $" — {s.Message.Split('\n')[0]}")));
        sb.Append("<td class=\"cell ").Append(Css(cell.State)).Append('"');
        if (title.Length > 0) sb.Append(" title=\"").Append(E(title)).Append('"');
        sb.Append("><span class=\"state\">").Append(ComplianceMatrix.Label(cell.State)).Append("</span>");
        if (cell.Scenarios.Count > 0)
        {
            string I(int n) => n.ToString(CultureInfo.InvariantCulture);
            var ran = cell.Scenarios.Count(s => s.Outcome is not (Outcome.Skipped or Outcome.NotSupported));
            var parts = new List<string>();
            if (ran > 0) parts.Add($"{I(cell.Count(Outcome.Passed))}/{I(ran)} passed");
            if (cell.Count(Outcome.Skipped) > 0) parts.Add($"{I(cell.Count(Outcome.Skipped))} skipped");
            if (cell.Count(Outcome.NotSupported) > 0) parts.Add($"{I(cell.Count(Outcome.NotSupported))} not supported");
            sb.Append("<span class=\"n\">").Append(string.Join(", ", parts)).Append("</span>");
            if (cell.Microversions.Count > 0) sb.Append("<span class=\"n\">mv ").Append(E(string.Join(", ", cell.Microversions))).Append("</span>");
        }
        sb.Append("</td>");
    }

    private static void Details(StringBuilder sb, ComplianceMatrix m)
    {
        var items = new List<string>();
        foreach (var row in m.Rows)
        {
            foreach (var cell in row.Cells.Where(c => c.State is CellState.Fail or CellState.Error or CellState.Skip or CellState.NotSupported
                         || (c.State == CellState.Pass && c.Scenarios.Any(s => s.Outcome != Outcome.Passed))))
            {
                foreach (var s in cell.Scenarios.Where(s => s.Outcome != Outcome.Passed))
                {
                    items.Add($"<li><span class=\"{Css(ComplianceMatrix.Aggregate([s.Outcome]))}\"><b>{ComplianceMatrix.Label(ComplianceMatrix.Aggregate([s.Outcome]))}</b></span> "
                        + $"<code>{E(row.Action)}</code> × {E(cell.Aspect.Title())}: <code>{E(s.Id)}</code>"
                        + (s.Message is null ? "" : $" — {E(s.Message.Split('\n')[0])}") + "</li>");
                }
            }
        }
        sb.Append("<h2>Failures, errors, skips and unsupported actions</h2>\n");
        if (items.Count == 0) sb.Append("<p>None: every scenario that ran passed.</p>\n");
        else sb.Append("<ul class=\"details\">\n").AppendJoin("\n", items.Distinct(StringComparer.Ordinal)).Append("\n</ul>\n");

        var gaps = m.Rows.Where(r => r.Overall == CellState.Gap).Select(r => r.Action).ToList();
        sb.Append("<h2>Gaps</h2>\n<p>");
        sb.Append(gaps.Count == 0
            ? "Every action of the catalogue has at least one scenario."
            : $"{gaps.Count} of {m.Rows.Count} actions have no scenario at all: {string.Join(", ", gaps.Select(g => $"<code>{E(g)}</code>"))}.");
        sb.Append(" Cells marked GAP are aspects no scenario checks.</p>\n");
    }

    private static void Unmapped(StringBuilder sb, ComplianceMatrix m)
    {
        if (m.WithoutAction.Count == 0 && m.UnknownActions.Count == 0 && m.WithoutAspect.Count == 0 && m.UnmappedAspectTags.Count == 0) return;
        sb.Append("<h2>Scenarios outside the matrix</h2>\n<ul class=\"details\">\n");
        if (m.WithoutAction.Count > 0)
            sb.Append("<li>Without an <code>@action</code> tag: ").AppendJoin(", ", m.WithoutAction.Select(s => $"<code>{E(s.Id)}</code>")).Append("</li>\n");
        foreach (var (action, scenarios) in m.UnknownActions)
            sb.Append("<li><code>@action:").Append(E(action)).Append("</code> is not in the catalogue: ").AppendJoin(", ", scenarios.Select(s => $"<code>{E(s.Id)}</code>")).Append("</li>\n");
        if (m.WithoutAspect.Count > 0)
            sb.Append("<li>Without a mapped <code>@aspect</code> tag (counted in Overall only): ").AppendJoin(", ", m.WithoutAspect.Select(s => $"<code>{E(s.Id)}</code>")).Append("</li>\n");
        if (m.UnmappedAspectTags.Count > 0)
            sb.Append("<li>Unknown aspect tags: ").AppendJoin(", ", m.UnmappedAspectTags.Select(t => $"<code>@aspect:{E(t)}</code>")).Append("</li>\n");
        sb.Append("</ul>\n");
    }

    private static void VerdictBox(StringBuilder sb, Verdict v)
    {
        var css = v.Text switch { Verdict.ConformingText => "ok", Verdict.NotConformingText => "bad", _ => "unsure" };
        string I(int n) => n.ToString(CultureInfo.InvariantCulture);
        sb.Append("<div class=\"verdict ").Append(css).Append("\" id=\"verdict\">\n<span class=\"word\">Certification verdict: ").Append(v.Text).Append("</span>\n")
          .Append(E(v.Explanation)).Append('\n')
          .Append("<table><tr><th>Scenarios</th><th>Passed</th><th>Contract violations</th><th>Endpoint faults</th><th>Kit errors</th><th>Skipped</th><th>Not supported</th><th>Actions tested</th><th>Cells covered</th><th>Gaps</th></tr>\n<tr>")
          .Append("<td>").Append(I(v.Scenarios)).Append("</td><td>").Append(I(v.Passed)).Append("</td><td>").Append(I(v.Failed)).Append("</td><td>")
          .Append(I(v.EndpointFaults)).Append("</td><td>").Append(I(v.KitErrors)).Append("</td><td>").Append(I(v.Skipped)).Append("</td><td>")
          .Append(I(v.NotSupported)).Append("</td><td>").Append(I(v.ActionsTested)).Append(" of ").Append(I(v.Actions)).Append("</td><td>")
          .Append(I(v.CellsCovered)).Append(" of ").Append(I(v.Actions * Enum.GetValues<Aspect>().Length)).Append("</td><td>").Append(I(v.Gaps)).Append("</td></tr></table>\n")
          .Append("<p>The verdict covers what was tested: gaps, skips and unsupported actions are listed above, not counted against it. A CI baseline of known failures does not change it.</p>\n</div>\n");
    }

    private static string Meaning(CellState s) => s switch
    {
        CellState.Pass => "every scenario that ran passed",
        CellState.Fail => "a contract violation",
        CellState.Error => "endpoint fault or kit error",
        CellState.Skip => "not run here (reason below)",
        CellState.NotSupported => "the deployment answered 501",
        CellState.Gap => "no scenario checks this",
        _ => "action absent at the endpoint's microversions",
    };
}
