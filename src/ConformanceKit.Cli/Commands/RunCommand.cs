using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting;
using RunOptions = ConformanceKit.Cli.Hosting.RunOptions;

namespace ConformanceKit.Cli.Commands;

/// <summary>`nova-conformance run`: discover, connect, run every selected scenario, report, and gate.</summary>
public sealed class RunCommand(TextWriter output, TextWriter error, CloudConfigLoader loader)
{
    public async Task<int> ExecuteAsync(RunOptions options, CancellationToken ct)
    {
        var suite = ConformanceHost.Discover(options.FeaturesDirectory, options.Tags);
        if (suite.Errors.Count > 0)
        {
            foreach (var e in suite.Errors)
            {
                error.WriteLine($"{Path.Combine(options.FeaturesDirectory, e.File)}:{e.Line}: {e.Message}");
                if (e.Suggestion is { } s) error.WriteLine("    " + s.Replace("\n", "\n    "));
            }
            throw new UsageException($"{suite.Errors.Count} problem(s) in the features (listed above); fix them, or bind the undefined steps as suggested.");
        }
        if (suite.Scenarios.Count == 0)
            throw new UsageException($"No scenario matches{(options.Tags is null ? "" : $" the tags '{options.Tags}'")} in {suite.FeaturesDirectory}.");

        // A bad baseline is found before the endpoint is touched, so no run is wasted on it.
        RunReporter.LoadBaseline(options.Baseline, options.UpdateBaseline);

        if (options.DryRun)
        {
            await using var dry = suite.CreateRunner(new Gherkin.RunOptions { DryRun = true });
            foreach (var s in suite.Scenarios) await dry.RunAsync(s, ct);
            output.WriteLine($"dry run: {suite.Scenarios.Count} scenarios, {suite.Scenarios.Sum(s => s.Steps.Count)} steps, every step matched one binding");
            return ExitCode.Conforming;
        }

        await using var host = await ConformanceHost.StartAsync(options, loader, ct);
        output.WriteLine($"Certifying {host.Target.Name}");
        output.WriteLine($"  endpoint {host.Session.Api.Endpoint}, microversions {host.Session.Api.Range}, run id {host.Session.RunId}");
        output.WriteLine($"  {suite.Scenarios.Count} scenarios{(options.Tags is null ? "" : $" matching {options.Tags}")}, {options.Parallel} at a time");

        var runner = host.CreateRunner(suite, new ConsoleProgress(output, suite.Scenarios.Count));
        await using var runnerScope = runner;
        var results = new ScenarioResult[suite.Scenarios.Count];
        var started = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, suite.Scenarios.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = CancellationToken.None },
            async (i, _) =>
            {
                if (ct.IsCancellationRequested) return;
                results[i] = await runner.RunAsync(suite.Scenarios[i], ct);
            });
        var finished = results.Where(r => r is not null).ToList();
        var elapsed = DateTimeOffset.UtcNow - started;

        new Summary(output).Write(finished, elapsed);
        var report = new RunReporter(new ReportOptions
        {
            ResultsDirectory = options.ResultsDirectory,
            Secrets = [.. host.Masker.Known, .. host.Target.Configs.Values.SelectMany(c => c.Secrets)],
            BaselinePath = options.Baseline,
            UpdateBaseline = options.UpdateBaseline,
            Html = !options.NoHtml,
            InstallAllure = true,
            Progress = output.WriteLine,
            Catalogue = host.Session.Catalogue,
        }).Write(finished, new RunInfo
        {
            RunId = host.Session.RunId,
            TargetName = host.Target.Name,
            Endpoint = host.Session.Api.Endpoint?.ToString() ?? host.Session.Api.Id,
            KitVersion = typeof(RunCommand).Assembly.GetName().Version?.ToString(3) ?? "0",
            Microversions = host.Session.Api.Range,
            TagFilter = options.Tags,
        });
        output.WriteLine();
        foreach (var line in report.Describe()) output.WriteLine(line);
        if (ct.IsCancellationRequested)
        {
            error.WriteLine($"Interrupted after {finished.Count} of {suite.Scenarios.Count} scenarios; the servers created so far are being deleted.");
            return ExitCode.Failures;
        }
        return report.ExitCode;
    }
}
