using ConformanceKit.Core;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting;

namespace ConformanceKit.Reporting.Tests;

/// <summary>Made-up scenario results and run metadata for the report writers.</summary>
internal static class Fakes
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public static RunInfo Run(string? microversions = "2.1-2.93") => new()
    {
        RunId = "nck-7f3a",
        TargetName = "simulator",
        Endpoint = "http://127.0.0.1:8774/v2.1",
        KitVersion = "0.1.0",
        NovaVersion = "26.2.2 (Zed)",
        Microversions = microversions is null ? null : MicroversionRange.Parse(microversions),
    };

    public static ScenarioResult Scenario(
        string id,
        Outcome outcome,
        string action = "pause",
        string[]? aspects = null,
        string? message = null,
        string feature = "Pause and unpause a server",
        IReadOnlyList<Attachment>? attachments = null,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyList<StepResult>? steps = null,
        string[]? extraTags = null,
        int startSecond = 0)
    {
        var start = T0.AddSeconds(startSecond);
        var tags = new List<string> { $"@id:{id.Split('[')[0]}" };
        if (action.Length > 0) tags.Insert(0, $"@action:{action}");
        tags.AddRange((aspects ?? ["code"]).Select(a => $"@aspect:{a}"));
        tags.AddRange(extraTags ?? []);
        return new ScenarioResult
        {
            Id = id,
            Feature = feature,
            Scenario = $"Scenario {id}",
            FullName = $"{feature} / Scenario {id}",
            FeatureFile = "features/pause.feature",
            Line = 12,
            Tags = tags,
            Outcome = outcome,
            Message = message ?? outcome switch
            {
                Outcome.Failed => "expected response code 202, got 409",
                Outcome.Skipped => "needs microversion 2.17; the endpoint supports 2.1-2.15",
                Outcome.NotSupported => "the endpoint answered 501 Not Implemented",
                Outcome.Broken => "The endpoint failed: 500 Internal Server Error",
                _ => null,
            },
            Trace = outcome is Outcome.Failed or Outcome.Broken ? "at features/pause.feature:15 Then the response code is 202" : null,
            Start = start,
            Stop = start.AddMilliseconds(1500),
            Steps = steps ?? [
                new StepResult("Given ", "a server owned by the member", Outcome.Passed, start, start.AddMilliseconds(700), null, []),
                new StepResult("When ", "the owner pauses the server", outcome == Outcome.Passed ? Outcome.Passed : outcome, start.AddMilliseconds(700), start.AddMilliseconds(1500),
                    outcome == Outcome.Passed ? null : "step message", []),
            ],
            Parameters = parameters ?? new Dictionary<string, string> { ["microversion"] = "2.1", ["role"] = "member" },
            Attachments = attachments ?? [],
        };
    }

    public static Attachment Exchange(string body = "{\"pause\": null}") =>
        new("POST /servers/abc/action", "text/plain", $"POST http://127.0.0.1:8774/v2.1/servers/abc/action\nX-Auth-Token: ***\n\n{body}\n\n--- 12 ms ---\n\nHTTP 202\n");

    public static Attachment Curl() =>
        new("curl reproducer", "text/x-shellscript", "curl -sS -i -X POST 'http://127.0.0.1:8774/v2.1/servers/abc/action' \\\n  -H \"X-Auth-Token: $OS_TOKEN\" \\\n  --data '{\"pause\": null}'\n");

    /// <summary>A fresh directory under the test's work directory, removed before use.</summary>
    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "nova-reporting-tests", TestContext.CurrentContext.Test.ID + "-" + name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
