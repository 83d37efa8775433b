using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConformanceKit.Reporting.Allure;

/// <summary>The outcome of generating the HTML report: where it is, or why it was skipped.</summary>
public sealed record HtmlReportResult(bool Generated, string? IndexFile, string Message, TimeSpan Elapsed);

/// <summary>
/// Generates the Allure 3 HTML report from Allure results with the pinned CLI of tools/report
/// (install it once with <c>npm ci --prefix tools/report</c>). The report is one self-contained
/// index.html (Allure's single-file mode) and works offline: the analytics tag Allure 3.18 adds to
/// its page is removed. When Node or the CLI is missing, nothing throws: the result says, in one
/// line, that the HTML report was skipped and how to install what is missing.
/// </summary>
public sealed partial class AllureReport
{
    public const string InstallCommand = "npm ci --prefix tools/report";

    /// <summary>The tools/report directory (package.json, node_modules/allure).</summary>
    public string ToolsDirectory { get; }

    /// <summary>The node executable, or null when none was found.</summary>
    public string? Node { get; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public AllureReport(string toolsDirectory, string? node = null)
    {
        ToolsDirectory = Path.GetFullPath(toolsDirectory);
        Node = node ?? FindOnPath("node");
    }

    /// <summary>The Allure CLI's entry point inside <see cref="ToolsDirectory"/>.</summary>
    public string CliScript => Path.Combine(ToolsDirectory, "node_modules", "allure", "cli.js");

    /// <summary>Why the report cannot be generated here, or null when it can.</summary>
    public string? Unavailable =>
        Node is null ? $"Node.js is not installed (apt-get install -y nodejs npm, then {InstallCommand})"
        : !File.Exists(CliScript) ? $"the Allure CLI is not installed in {ToolsDirectory} (run: {InstallCommand})"
        : null;

    /// <summary>
    /// Finds tools/report from a directory upwards (default: the current directory, then the
    /// application's base directory), or null.
    /// </summary>
    public static string? FindToolsDirectory(params string[] startDirectories)
    {
        var starts = startDirectories.Length > 0 ? startDirectories : [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tools", "report");
                if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// Installs the pinned Allure CLI (<see cref="InstallCommand"/>, from package-lock.json) when Node and npm are present
    /// and the CLI is not, so that the first run on a fresh machine writes the HTML report too. Returns what it did, or
    /// null when nothing was needed or possible (then <see cref="Unavailable"/> says why).
    /// </summary>
    public string? InstallIfMissing(Action<string>? progress = null)
    {
        if (Node is null || File.Exists(CliScript) || !File.Exists(Path.Combine(ToolsDirectory, "package-lock.json"))) return null;
        var npm = FindOnPath("npm");
        if (npm is null) return null;
        progress?.Invoke($"Installing the Allure CLI once ({InstallCommand})…");
        var (exit, output) = Run(npm, ["ci", "--prefix", ToolsDirectory, "--no-audit", "--no-fund", "--loglevel=error"], ToolsDirectory);
        return exit == 0 && File.Exists(CliScript)
            ? $"Installed the Allure CLI in {ToolsDirectory}."
            : $"Installing the Allure CLI failed ({(exit is null ? "timed out" : $"exit {exit}")}): {LastLine(output)}";
    }

    /// <summary>Generates <paramref name="outputDirectory"/>/index.html from <paramref name="resultsDirectory"/>.</summary>
    public HtmlReportResult Generate(string resultsDirectory, string outputDirectory, string reportName, IReadOnlyList<AllureCategory>? categories = null)
    {
        var clock = Stopwatch.StartNew();
        if (Unavailable is { } why) return new(false, null, $"HTML report skipped: {why}.", clock.Elapsed);
        resultsDirectory = Path.GetFullPath(resultsDirectory);
        outputDirectory = Path.GetFullPath(outputDirectory);
        if (!Directory.Exists(resultsDirectory))
            return new(false, null, $"HTML report skipped: there are no Allure results at {resultsDirectory}.", clock.Elapsed);
        if (Directory.Exists(outputDirectory))
        {
            if (Directory.EnumerateFileSystemEntries(outputDirectory).Any() && !File.Exists(Path.Combine(outputDirectory, "index.html")))
                return new(false, null, $"HTML report skipped: {outputDirectory} exists and is not an earlier report; choose another results directory.", clock.Elapsed);
            Directory.Delete(outputDirectory, recursive: true);
        }

        var work = Directory.CreateTempSubdirectory("nova-allure-");
        try
        {
            var config = new
            {
                name = reportName,
                output = outputDirectory,
                plugins = new Dictionary<string, object>
                {
                    ["awesome"] = new { options = new { singleFile = true, reportName, reportLanguage = "en", groupBy = new[] { "feature", "story" } } },
                },
                categories = (categories ?? AllureWriter.Categories).Select(c => new { name = c.Name, matchedStatuses = c.MatchedStatuses, messageRegex = c.MessageRegex }),
            };
            var configFile = Path.Combine(work.FullName, "allurerc.json");
            File.WriteAllText(configFile, JsonSerializer.Serialize(config, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));

            var (exit, output) = Run(Node!, [CliScript, "generate", "--config", configFile, "--output", outputDirectory, resultsDirectory], work.FullName);
            var index = Path.Combine(outputDirectory, "index.html");
            if (exit is null)
                return new(false, null, $"HTML report skipped: the Allure CLI did not finish within {Timeout.TotalSeconds:0} s.", clock.Elapsed);
            if (exit != 0 || !File.Exists(index))
                return new(false, null, $"HTML report skipped: the Allure CLI failed (exit {exit}): {LastLine(output)}", clock.Elapsed);
            RemoveAnalytics(index);
            return new(true, index, $"HTML report: {index}", clock.Elapsed);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Allure 3.18 always adds a Google Tag Manager script to its page; an offline report must not call out.</summary>
    internal static void RemoveAnalytics(string index)
    {
        var html = File.ReadAllText(index, Encoding.UTF8);
        var cleaned = AnalyticsBlock().Replace(html, "");
        if (cleaned != html) File.WriteAllText(index, cleaned, new UTF8Encoding(false));
    }

    [GeneratedRegex("""<script async src="https://www\.googletagmanager\.com/[^"]*"></script>\s*<script>\s*window\.dataLayer[\s\S]*?</script>""")]
    private static partial Regex AnalyticsBlock();

    private (int? Exit, string Output) Run(string file, IReadOnlyList<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = new StringBuilder();
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (null, output.ToString());
        }
        process.WaitForExit();
        lock (gate) return (process.ExitCode, output.ToString());
    }

    private static string LastLine(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : lines[^1];
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
