using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting.Allure;

/// <summary>
/// Writes a run as Allure results: one <c>{uuid}-result.json</c> per scenario, its attachments as
/// <c>{uuid}-attachment.{ext}</c> beside it, <c>environment.properties</c> and <c>categories.json</c>.
/// <para>Status mapping: Passed → passed, Failed → failed, Broken → broken, Skipped → skipped, and
/// NotSupported → skipped with the message "not supported by this deployment: …" (Allure's "unknown"
/// would read as a kit malfunction; the message and the "Not supported by this deployment" category
/// keep these apart from ordinary skips).</para>
/// <para>Identity: testCaseId is the MD5 of the scenario's stable id without its example row
/// (the @id tag), historyId the MD5 of the stable id with its row and parameters, so that history
/// survives renames and each Examples row and microversion has its own history.</para>
/// <para>Everything written passes through the <see cref="SecretScrubber"/>.</para>
/// </summary>
public sealed class AllureWriter
{
    public const string Epic = "Nova server actions";
    public const string Framework = "nova-conformance";

    /// <summary>Categories in match order (the first that matches a result wins).</summary>
    public static readonly IReadOnlyList<AllureCategory> Categories =
    [
        new("Endpoint fault (5xx, timeout)", ["broken"],
            $"^({FailureClassifier.EndpointFailedPrefix}|[\\s\\S]*({FailureClassifier.DidNotAnswer}|{FailureClassifier.RefusedConnection}|{FailureClassifier.CouldNotBeReached}))[\\s\\S]*$",
            "The endpoint answered 5xx, timed out or did not answer: not a verdict on conformance."),
        new("Not judged: run interrupted", ["broken"], $"^{FailureClassifier.NotJudgedPrefix}[\\s\\S]*$",
            "The run was interrupted (Ctrl-C, SIGTERM or an endpoint outage) before this scenario finished: no verdict."),
        new("Not judged: kit or configuration error", ["broken"], null,
            "The kit, its configuration or a feature file failed (undefined step, bad clouds.yaml...)."),
        new("Contract violation", ["failed"], null,
            "The endpoint broke a documented rule of the api-ref (code, precondition, body, microversion, policy)."),
        new("Not supported by this deployment", ["skipped"],
            $"^{FailureClassifier.NotSupportedPrefix}[\\s\\S]*$",
            "The deployment answered the documented 501: its driver does not implement the action."),
    ];

    private readonly ActionCatalogue _catalogue;
    private readonly SecretScrubber _scrubber;

    public AllureWriter(SecretScrubber? scrubber = null, ActionCatalogue? catalogue = null)
    {
        _scrubber = scrubber ?? SecretScrubber.None;
        _catalogue = catalogue ?? ActionCatalogue.Default;
    }

    /// <summary>
    /// Writes the run into <paramref name="directory"/> (created if needed). Allure files left there by an
    /// earlier run are removed first, so that the report counts this run only.
    /// </summary>
    public AllureOutput Write(string directory, IReadOnlyList<ScenarioResult> results, RunInfo run)
    {
        Directory.CreateDirectory(directory);
        RemoveEarlierResults(directory);
        var written = new List<AllureResult>();
        var seenHistory = new Dictionary<string, int>(StringComparer.Ordinal);
        var attachments = 0;
        foreach (var result in results)
        {
            var (allure, files) = Convert(result, run, seenHistory);
            foreach (var (name, content) in files) _scrubber.WriteAllText(Path.Combine(directory, name), content);
            attachments += files.Count;
            _scrubber.WriteAllText(Path.Combine(directory, $"{allure.Uuid}-result.json"), JsonSerializer.Serialize(allure, AllureJson.Options));
            written.Add(allure);
        }
        _scrubber.WriteAllText(Path.Combine(directory, "environment.properties"), EnvironmentProperties(run));
        _scrubber.WriteAllText(Path.Combine(directory, "categories.json"), JsonSerializer.Serialize(Categories, AllureJson.Options));
        return new AllureOutput(Path.GetFullPath(directory), written, attachments);
    }

    /// <summary>The Allure result of one scenario and the attachment files (name → content) it refers to.</summary>
    public (AllureResult Result, IReadOnlyList<(string Name, string Content)> Files) Convert(ScenarioResult result, RunInfo run) =>
        Convert(result, run, new Dictionary<string, int>(StringComparer.Ordinal));

    private (AllureResult, IReadOnlyList<(string, string)>) Convert(ScenarioResult r, RunInfo run, Dictionary<string, int> seenHistory)
    {
        var uuid = Guid.NewGuid().ToString();
        var files = new List<(string, string)>();

        AllureAttachment Attach(Attachment a)
        {
            var source = $"{Guid.NewGuid()}-attachment.{Extension(a.MediaType)}";
            files.Add((source, a.Content));
            return new AllureAttachment(a.Name, source, a.MediaType);
        }

        var steps = r.Steps.Select(s => new AllureStep
        {
            Name = $"{s.Keyword.Trim()} {s.Text}",
            Status = Status(s.Outcome),
            StatusDetails = s.Message is null ? null : new AllureStatusDetails(StatusMessage(s.Outcome, s.Message), null),
            Start = s.Start.ToUnixTimeMilliseconds(),
            Stop = s.Stop.ToUnixTimeMilliseconds(),
            Attachments = s.Attachments.Select(Attach).ToList(),
        }).ToList();

        var parameters = Parameters(r);
        var historyKey = r.Id + string.Concat(parameters.Select(p => $"|{p.Name}={p.Value}"));
        if (seenHistory.TryGetValue(historyKey, out var seen))
        {
            // Allure folds results with one test case and equal parameters into retries of one test:
            // a repeated result gets a "repeat" parameter so that the report still counts it.
            seenHistory[historyKey] = seen + 1;
            parameters.Add(new AllureParameter("repeat", (seen + 1).ToString(CultureInfo.InvariantCulture)));
            historyKey += $"|repeat={seen + 1}";
        }
        else seenHistory[historyKey] = 1;

        var message = StatusMessage(r.Outcome, r.Message);
        var allure = new AllureResult
        {
            Uuid = uuid,
            HistoryId = Md5(historyKey),
            TestCaseId = Md5(BaseId(r.Id)),
            FullName = r.FullName,
            Name = ScenarioName(r),
            Description = $"{r.FeatureFile}:{r.Line.ToString(CultureInfo.InvariantCulture)} — stable id `{r.Id}`",
            Status = Status(r.Outcome),
            StatusDetails = message is null && r.Trace is null ? null : new AllureStatusDetails(message, r.Trace),
            Start = r.Start.ToUnixTimeMilliseconds(),
            Stop = r.Stop.ToUnixTimeMilliseconds(),
            Steps = steps,
            Attachments = r.Attachments.Select(Attach).ToList(),
            Parameters = parameters,
            Labels = Labels(r, run),
            Links = Links(r),
        };
        return (allure, files);
    }

    /// <summary>
    /// The result's parameters plus its example row ("[status=PAUSED]" in the stable id): Allure 3
    /// tells the rows of an outline apart by their parameters, since they share one test case id.
    /// </summary>
    private static List<AllureParameter> Parameters(ScenarioResult r)
    {
        var parameters = r.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new AllureParameter(p.Key, p.Value)).ToList();
        if (RowOf(r.Id) is not { } row) return parameters;
        var cells = row[1..^1].Split(", ").Select(c => c.Split('=', 2)).ToList();
        if (cells.All(c => c.Length == 2) && cells.Select(c => c[0]).Distinct(StringComparer.Ordinal).Count() == cells.Count)
        {
            foreach (var c in cells)
                if (!r.Parameters.TryGetValue(c[0], out var v) || v != c[1])
                    parameters.Add(new AllureParameter(r.Parameters.ContainsKey(c[0]) ? $"example {c[0]}" : c[0], c[1]));
        }
        else parameters.Add(new AllureParameter("example", row[1..^1]));
        return parameters;
    }

    private List<AllureLabel> Labels(ScenarioResult r, RunInfo run)
    {
        var labels = new List<AllureLabel>
        {
            new("epic", Epic),
            new("feature", r.Feature),
        };
        labels.AddRange(r.Actions.Distinct(StringComparer.Ordinal).Select(a => new AllureLabel("story", a)));
        labels.Add(new("severity", Severity(r)));
        labels.AddRange(r.Tags.Distinct(StringComparer.Ordinal).Select(t => new AllureLabel("tag", t.TrimStart('@'))));
        labels.Add(new("parentSuite", run.TargetName));
        labels.Add(new("suite", r.Feature));
        labels.Add(new("host", HostOf(run.Endpoint)));
        labels.Add(new("framework", Framework));
        labels.Add(new("language", "csharp"));
        labels.Add(new("scenarioId", r.Id));
        return labels;
    }

    private List<AllureLink> Links(ScenarioResult r)
    {
        var links = new List<AllureLink>();
        foreach (var action in r.Actions.Distinct(StringComparer.Ordinal))
        {
            if (_catalogue.Find(action) is { } def)
                links.Add(new AllureLink($"api-ref: {def.Title}", def.ApiRefUrl.ToString()));
        }
        return links;
    }

    /// <summary>
    /// Severity from an explicit @severity:LEVEL tag, else: policy scenarios (who may do what) are
    /// critical, all others normal.
    /// </summary>
    public static string Severity(ScenarioResult r)
    {
        var explicitTag = r.Tags.LastOrDefault(t => t.StartsWith("@severity:", StringComparison.Ordinal));
        if (explicitTag is not null)
        {
            var level = explicitTag["@severity:".Length..];
            if (level is "blocker" or "critical" or "normal" or "minor" or "trivial") return level;
        }
        return r.Aspects.Contains("policy") ? "critical" : "normal";
    }

    public static string Status(Outcome outcome) => outcome switch
    {
        Outcome.Passed => "passed",
        Outcome.Failed => "failed",
        Outcome.Broken => "broken",
        Outcome.Skipped or Outcome.NotSupported => "skipped",
        _ => "unknown",
    };

    private static string? StatusMessage(Outcome outcome, string? message) =>
        outcome == Outcome.NotSupported ? FailureClassifier.NotSupportedPrefix + (message ?? "the endpoint answered 501") : message;

    private static string ScenarioName(ScenarioResult r)
    {
        var row = RowOf(r.Id);
        return row is null || r.Scenario.Contains(row, StringComparison.Ordinal) ? r.Scenario : $"{r.Scenario} {row}";
    }

    /// <summary>The @id part of a stable id ("pause-conflict" of "pause-conflict[status=PAUSED]").</summary>
    public static string BaseId(string id)
    {
        var bracket = id.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? id[..bracket] : id;
    }

    private static string? RowOf(string id)
    {
        var bracket = id.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 && id.EndsWith(']') ? id[bracket..] : null;
    }

    private static string HostOf(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Authority : endpoint;

    public static string Extension(string mediaType) => mediaType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "application/json" => "json",
        "text/html" => "html",
        "application/xml" or "text/xml" => "xml",
        "text/x-shellscript" or "application/x-sh" => "sh",
        "text/csv" => "csv",
        "image/png" => "png",
        "application/yaml" or "text/yaml" => "yaml",
        "text/uri-list" => "uri",
        _ => "txt",
    };

    private static string Md5(string text) => System.Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>environment.properties: endpoint, Nova version and microversions, kit version, run id.</summary>
    public static string EnvironmentProperties(RunInfo run)
    {
        var lines = new List<(string Key, string? Value)>
        {
            ("Target", run.TargetName),
            ("Endpoint", run.Endpoint),
            ("Nova.Version", run.NovaVersion ?? "unknown"),
            ("Nova.Microversions", run.Microversions?.ToString() ?? "unknown"),
            ("Kit.Version", run.KitVersion),
            ("Run.Id", run.RunId),
            ("Tag.Filter", run.TagFilter),
            ("Run.Status", run.Interruption is { } i ? $"{i.Label}: {i.Reason} ({i.Planned} scenarios selected)" : "complete"),
        };
        var sb = new StringBuilder();
        foreach (var (key, value) in lines.Where(l => l.Value is not null))
            sb.Append(key).Append(" = ").Append(EscapeProperty(value!)).Append('\n');
        return sb.ToString();
    }

    private static string EscapeProperty(string value)
    {
        var sb = new StringBuilder();
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Removes the Allure files an earlier run left in <paramref name="directory"/>.</summary>
    public static void RemoveEarlierResults(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith("-result.json", StringComparison.Ordinal) || name.EndsWith("-container.json", StringComparison.Ordinal)
                || name.Contains("-attachment", StringComparison.Ordinal) || name is "environment.properties" or "categories.json" or "executor.json")
                File.Delete(file);
        }
    }
}

/// <summary>What <see cref="AllureWriter.Write"/> produced.</summary>
public sealed record AllureOutput(string Directory, IReadOnlyList<AllureResult> Results, int AttachmentFiles)
{
    /// <summary>Counts by Allure status (passed, failed, broken, skipped), as the HTML report must show them.</summary>
    public IReadOnlyDictionary<string, int> CountsByStatus =>
        new[] { "passed", "failed", "broken", "skipped", "unknown" }.ToDictionary(s => s, s => Results.Count(r => r.Status == s));
}
