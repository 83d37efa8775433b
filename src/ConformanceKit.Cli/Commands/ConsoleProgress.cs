using ConformanceKit.Core.Results;
using ConformanceKit.Gherkin;

namespace ConformanceKit.Cli.Commands;

/// <summary>Live progress on the console: one line per finished scenario, with its outcome and time.</summary>
public sealed class ConsoleProgress(TextWriter output, int total) : IRunListener
{
    private int _done;
    private readonly Lock _lock = new();

    public void ScenarioFinished(ScenarioCase scenario, ScenarioResult result)
    {
        lock (_lock)
        {
            _done++;
            var seconds = (result.Stop - result.Start).TotalSeconds;
            output.WriteLine($"[{_done,4}/{total}] {Label(result),-13} {scenario.DisplayName} ({seconds:0.0} s)");
            if (result.Outcome != Outcome.Passed && result.Message is { } m)
                output.WriteLine("              " + FirstLine(m));
        }
    }

    /// <summary>The label of a result: a Broken outcome the run could not judge (interrupted, kit error) says NOT JUDGED.</summary>
    public static string Label(ScenarioResult result) =>
        result.Outcome == Outcome.Broken && Reporting.FailureClassifier.Classify(result) is Reporting.FailureKind.Interrupted or Reporting.FailureKind.KitOrConfigurationError
            ? "NOT JUDGED"
            : Label(result.Outcome);

    public static string Label(Outcome outcome) => outcome switch
    {
        Outcome.Passed => "PASS",
        Outcome.Failed => "FAIL",
        Outcome.Skipped => "SKIP",
        Outcome.NotSupported => "NOT SUPPORTED",
        Outcome.Broken => "BROKEN",
        _ => outcome.ToString(),
    };

    private static string FirstLine(string s)
    {
        var line = s.Split('\n')[0].Trim();
        return line.Length > 220 ? line[..220] + "…" : line;
    }
}
