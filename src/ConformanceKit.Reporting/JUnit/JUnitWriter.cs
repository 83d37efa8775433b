using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting.JUnit;

/// <summary>
/// Writes the run as JUnit XML for CI systems: one &lt;testsuite&gt; per feature, one &lt;testcase&gt; per
/// scenario (classname = feature file, name = scenario and example row, time in seconds). Failed →
/// &lt;failure type="contract-violation"&gt;; Broken → &lt;error type="endpoint-fault"|"kit-or-configuration-error"&gt;;
/// Skipped and NotSupported → &lt;skipped&gt; with the reason. The run's metadata are &lt;properties&gt;.
/// Everything written passes through the <see cref="SecretScrubber"/>.
/// </summary>
public sealed class JUnitWriter(SecretScrubber? scrubber = null)
{
    private readonly SecretScrubber _scrubber = scrubber ?? SecretScrubber.None;

    public JUnitSummary Write(string path, IReadOnlyList<ScenarioResult> results, RunInfo run)
    {
        var document = Build(results, run);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(sb), settings)) document.Save(writer);
        _scrubber.WriteAllText(path, sb.ToString());
        return Summarize(results);
    }

    public static JUnitSummary Summarize(IReadOnlyList<ScenarioResult> results) => new(
        results.Count,
        results.Count(r => r.Outcome == Outcome.Failed),
        results.Count(r => r.Outcome == Outcome.Broken),
        results.Count(r => r.Outcome is Outcome.Skipped or Outcome.NotSupported));

    public static XDocument Build(IReadOnlyList<ScenarioResult> results, RunInfo run)
    {
        var total = Summarize(results);
        var root = new XElement("testsuites",
            new XAttribute("name", $"nova-conformance {run.TargetName}"),
            new XAttribute("tests", total.Tests),
            new XAttribute("failures", total.Failures),
            new XAttribute("errors", total.Errors),
            new XAttribute("skipped", total.Skipped),
            new XAttribute("time", Seconds(Duration(results))));
        if (run.Interruption is { } interruption)
        {
            // Where CI test views look first: the run did not finish, so its counts are not a certification.
            root.Add(new XAttribute("interrupted", "true"));
            root.Add(new XComment($" {interruption.Label}: {interruption.Reason}; {results.Count} of {interruption.Planned} scenarios finished "));
        }

        var id = 0;
        foreach (var feature in results.GroupBy(r => (r.FeatureFile, r.Feature)).OrderBy(g => g.Key.FeatureFile, StringComparer.Ordinal))
        {
            var list = feature.ToList();
            var sums = Summarize(list);
            var suite = new XElement("testsuite",
                new XAttribute("id", id++),
                new XAttribute("name", feature.Key.Feature),
                new XAttribute("package", "nova-conformance"),
                new XAttribute("hostname", HostOf(run.Endpoint)),
                new XAttribute("tests", sums.Tests),
                new XAttribute("failures", sums.Failures),
                new XAttribute("errors", sums.Errors),
                new XAttribute("skipped", sums.Skipped),
                new XAttribute("time", Seconds(Duration(list))),
                new XAttribute("timestamp", list.Min(r => r.Start).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                Properties(run));
            foreach (var r in list) suite.Add(TestCase(r));
            root.Add(suite);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement Properties(RunInfo run)
    {
        var properties = new XElement("properties");
        void Add(string name, string? value)
        {
            if (value is not null) properties.Add(new XElement("property", new XAttribute("name", name), new XAttribute("value", value)));
        }
        Add("run.id", run.RunId);
        Add("target", run.TargetName);
        Add("endpoint", run.Endpoint);
        Add("nova.version", run.NovaVersion);
        Add("nova.microversions", run.Microversions?.ToString());
        Add("kit.version", run.KitVersion);
        Add("tags", run.TagFilter);
        Add("run.status", run.Interruption is { } i ? $"{i.Label}: {i.Reason}" : "complete");
        return properties;
    }

    private static XElement TestCase(ScenarioResult r)
    {
        var name = r.Id.Contains('[', StringComparison.Ordinal) && !r.Scenario.Contains('[', StringComparison.Ordinal)
            ? $"{r.Scenario} {r.Id[r.Id.IndexOf('[', StringComparison.Ordinal)..]}"
            : r.Scenario;
        var testcase = new XElement("testcase",
            new XAttribute("classname", r.FeatureFile),
            new XAttribute("name", name),
            new XAttribute("file", r.FeatureFile),
            new XAttribute("line", r.Line),
            new XAttribute("time", Seconds(r.Stop - r.Start)));
        var kind = FailureClassifier.Classify(r);
        var detail = Detail(r);
        switch (r.Outcome)
        {
            case Outcome.Failed:
                testcase.Add(new XElement("failure", new XAttribute("message", OneLine(r.Message ?? "failed")), new XAttribute("type", "contract-violation"), detail));
                break;
            case Outcome.Broken:
                testcase.Add(new XElement("error", new XAttribute("message", OneLine(r.Message ?? "broken")),
                    new XAttribute("type", kind switch { FailureKind.EndpointFault => "endpoint-fault", FailureKind.Interrupted => "not-judged-interrupted", _ => "kit-or-configuration-error" }), detail));
                break;
            case Outcome.Skipped:
                testcase.Add(new XElement("skipped", new XAttribute("message", OneLine(r.Message ?? "skipped"))));
                break;
            case Outcome.NotSupported:
                testcase.Add(new XElement("skipped", new XAttribute("message", OneLine(FailureClassifier.NotSupportedPrefix + (r.Message ?? "the endpoint answered 501")))));
                break;
        }
        var output = new StringBuilder().Append("id: ").Append(r.Id).Append('\n');
        foreach (var (k, v) in r.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) output.Append(k).Append(": ").Append(v).Append('\n');
        foreach (var s in r.Steps) output.Append(StepMark(s.Outcome)).Append(' ').Append(s.Keyword.Trim()).Append(' ').Append(s.Text).Append('\n');
        testcase.Add(new XElement("system-out", Clean(output.ToString())));
        return testcase;
    }

    private static string Detail(ScenarioResult r)
    {
        var sb = new StringBuilder();
        if (r.Message is not null) sb.Append(r.Message).Append('\n');
        var failing = r.Steps.FirstOrDefault(s => s.Outcome is Outcome.Failed or Outcome.Broken);
        if (failing is not null) sb.Append("at step: ").Append(failing.Keyword.Trim()).Append(' ').Append(failing.Text).Append(" (").Append(r.FeatureFile).Append(")\n");
        if (r.Trace is not null) sb.Append(r.Trace).Append('\n');
        return Clean(sb.ToString());
    }

    private static string StepMark(Outcome o) => o switch
    {
        Outcome.Passed => "[passed] ",
        Outcome.Failed => "[FAILED] ",
        Outcome.Broken => "[BROKEN] ",
        Outcome.NotSupported => "[not supported]",
        _ => "[skipped]",
    };

    private static TimeSpan Duration(IReadOnlyCollection<ScenarioResult> results) =>
        results.Count == 0 ? TimeSpan.Zero : results.Max(r => r.Stop) - results.Min(r => r.Start);

    private static string Seconds(TimeSpan t) => Math.Max(0, t.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => Clean(text.ReplaceLineEndings(" "));

    /// <summary>XML 1.0 cannot hold most control characters: drop them.</summary>
    private static string Clean(string text) => new(text.Where(c => c is '\n' or '\t' or '\r' || XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)).ToArray());

    private static string HostOf(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Authority : endpoint;

    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}

/// <summary>The totals JUnit reports: tests, failures (contract violations), errors (broken), skipped (incl. not supported).</summary>
public sealed record JUnitSummary(int Tests, int Failures, int Errors, int Skipped);
