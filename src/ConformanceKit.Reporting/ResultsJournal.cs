using System.Text.Json;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting.Allure;

namespace ConformanceKit.Reporting;

/// <summary>The results directory cannot be used; the message is one line that names it and says why.</summary>
public sealed class ResultsDirectoryException(string message) : Exception(message);

/// <summary>
/// Writes as the run goes: opened (created and checked writable) before the first scenario, it writes each scenario's
/// Allure result (status, message, steps; the bulky HTTP attachments come with the final report) as soon as the scenario
/// is judged, by the scenario's own task (only that slot waits for the small write; the other scenarios go on). A run that
/// is killed outright (SIGKILL) leaves what it judged on disk, less at most the results being written at that moment. <see cref="RunReporter"/> rewrites the results with their attachments, and every other report,
/// at the end.
/// </summary>
public sealed class ResultsJournal
{
    private readonly string _allure;
    private readonly Func<IEnumerable<string?>> _secrets;
    private readonly AllureWriter _convert;
    private Tuple<int, SecretScrubber> _scrubber = Tuple.Create(0, SecretScrubber.None);

    private ResultsJournal(string allure, Func<IEnumerable<string?>> secrets, ActionCatalogue? catalogue)
    {
        _allure = allure;
        _secrets = secrets;
        _convert = new AllureWriter(null, catalogue);
    }

    public string AllureDirectory => _allure;

    /// <summary>
    /// Creates <paramref name="resultsDirectory"/> and its allure-results folder, proves both writable, and clears the Allure
    /// files of an earlier run.
    /// </summary>
    /// <exception cref="ResultsDirectoryException">It is a file, cannot be created, or cannot be written.</exception>
    public static ResultsJournal Open(string resultsDirectory, RunInfo run, Func<IEnumerable<string?>> secrets, ActionCatalogue? catalogue = null)
    {
        var dir = Path.GetFullPath(resultsDirectory);
        if (File.Exists(dir))
            throw new ResultsDirectoryException($"--results {resultsDirectory}: {dir} is a file, not a directory. Name a directory (it is created if missing).");
        var allure = Path.Combine(dir, RunReporter.AllureResultsFolder);
        try
        {
            Directory.CreateDirectory(allure);
            var probe = Path.Combine(allure, $".nck-write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            AllureWriter.RemoveEarlierResults(allure);
            var journal = new ResultsJournal(allure, secrets, catalogue);
            journal.WriteEnvironment(run with { Interruption = null }, "running (a run that was killed outright leaves this line)");
            return journal;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ResultsDirectoryException($"--results {resultsDirectory}: cannot write to {dir} ({e.Message.TrimEnd('.')}). Name a directory you can write to.");
        }
    }

    /// <summary>Writes one judged scenario's result at once.</summary>
    public void Add(ScenarioResult result, RunInfo run)
    {
        try
        {
            var scrubber = Scrubber();
            var bare = result with { Attachments = [], Steps = result.Steps.Select(s => s with { Attachments = [] }).ToList() };
            var (allure, _) = _convert.Convert(bare, run);
            scrubber.WriteAllText(Path.Combine(_allure, $"{allure.Uuid}-result.json"), JsonSerializer.Serialize(allure, AllureJson.Options));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory was writable at the start; the final report says what it cannot write.
        }
    }

    /// <summary>Every result is written when <see cref="Add"/> returns; kept so that callers end the journal explicitly.</summary>
    public Task CompleteAsync() => Task.CompletedTask;

    /// <summary>A scrubber for the secrets known now; rebuilt only when the run has learnt new ones (they only grow).</summary>
    private SecretScrubber Scrubber()
    {
        var secrets = _secrets().ToList();
        var current = Volatile.Read(ref _scrubber);
        if (current.Item1 == secrets.Count) return current.Item2;
        var fresh = new SecretScrubber(secrets);
        Volatile.Write(ref _scrubber, Tuple.Create(secrets.Count, fresh));
        return fresh;
    }

    private void WriteEnvironment(RunInfo run, string status) =>
        File.WriteAllText(Path.Combine(_allure, "environment.properties"),
            AllureWriter.EnvironmentProperties(run).Replace("Run.Status = complete", "Run.Status = " + status, StringComparison.Ordinal));
}
