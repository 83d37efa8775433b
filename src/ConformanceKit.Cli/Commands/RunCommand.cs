using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting;
using RunOptions = ConformanceKit.Cli.Hosting.RunOptions;

namespace ConformanceKit.Cli.Commands;

/// <summary>Why a run is being stopped from outside (a signal, the parent process gone); set before the token is cancelled.</summary>
public sealed class StopRequest
{
    public volatile string? Reason;

    /// <summary>Run by a second Ctrl-C: delete what can be deleted at once, say what is left, and exit.</summary>
    public volatile Func<Task>? Emergency;
}

/// <summary>`nova-conformance run`: discover, connect, run every selected scenario, report, and gate.</summary>
public sealed class RunCommand(TextWriter output, TextWriter error, CloudConfigLoader loader, StopRequest? stop = null)
{
    /// <summary>How long the clean-up after an endpoint outage may take before what is left is listed for the sweeper.</summary>
    public static readonly TimeSpan OutageCleanupBudget = TimeSpan.FromSeconds(10);

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
        // A scenario must do something, and a run must exercise at least one server action.
        if (suite.Scenarios.FirstOrDefault(s => s.Steps.Count == 0) is { } empty)
            throw new UsageException($"{Path.Combine(options.FeaturesDirectory, empty.FeatureFile)}:{empty.Line}: the scenario '{empty.Scenario}' has no steps; a scenario must check something. Add steps or remove it.");
        var catalogue = Core.Catalogue.ActionCatalogue.Default;
        if (!suite.Scenarios.Any(s => s.Tags.Any(t => t.StartsWith("@action:", StringComparison.Ordinal) && catalogue.Find(t["@action:".Length..]) is not null)))
            throw new UsageException($"None of the {suite.Scenarios.Count} selected scenario(s) exercises a server action (no @action:NAME tag of the {catalogue.Actions.Count} actions); such a run certifies nothing. Select scenarios with --tags \"@action:NAME\".");

        // A bad baseline is found before the endpoint is touched, so no run is wasted on it.
        RunReporter.LoadBaseline(options.Baseline, options.UpdateBaseline);

        if (options.DryRun)
        {
            await using var dry = suite.CreateRunner(new Gherkin.RunOptions { DryRun = true });
            foreach (var s in suite.Scenarios) await dry.RunAsync(s, ct);
            output.WriteLine($"dry run: {suite.Scenarios.Count} scenarios, {suite.Scenarios.Sum(s => s.Steps.Count)} steps, every step matched one binding");
            return ExitCode.Conforming;
        }

        // The results directory is checked before anything runs, so an unwritable one loses nothing.
        var secrets = new List<Func<IEnumerable<string?>>>();
        var journal = ResultsJournal.Open(options.ResultsDirectory, new RunInfo { RunId = "(connecting)", TargetName = "(connecting)", Endpoint = "(connecting)", KitVersion = KitVersion },
            () => secrets.SelectMany(s => s()));

        await using var host = await ConformanceHost.StartAsync(options, loader, ct);
        secrets.Add(() => [.. host.Masker.Known, .. host.Target.Configs.Values.SelectMany(c => c.Secrets)]);
        var session = host.Session;
        output.WriteLine($"Certifying {host.Target.Name}");
        output.WriteLine($"  endpoint {session.Api.Endpoint}, microversions {session.Api.Range}, run id {session.RunId}");
        if (session.Api.Range.Max > Steps.Support.KitOptions.KnownRange.Max)
            output.WriteLine($"  the endpoint is newer than the kit: it offers up to {session.Api.Range.Max}, the kit knows up to {Steps.Support.KitOptions.KnownRange.Max}; " +
                $"the kit judges {session.Usable} ('latest' means {session.Usable.Max}) and certifies nothing above it");

        var parallel = options.Parallel;
        var quota = await session.Quota.ReadAsync(ct);
        if (quota.Servers is { } room && room < parallel)
        {
            parallel = Math.Max(1, room);
            output.WriteLine($"  parallelism capped to {parallel} (asked for {options.Parallel}): {quota.Explanation}; a create refused for quota waits for room.");
        }
        output.WriteLine($"  {suite.Scenarios.Count} scenarios{(options.Tags is null ? "" : $" matching {options.Tags}")}, {parallel} at a time");
        session.Quota.Parallel = parallel;
        // --pool N: fresh servers made ahead, within what the quota leaves beside the running scenarios' servers and two being
        // deleted. Off by default: measured on a loaded reference Nova it did not shorten the run (the cloud's create was the limit).
        session.Pool.Target = options.Pool == 0 ? 0 : quota.Servers is { } fit ? Math.Min(options.Pool, Math.Max(0, fit - parallel - 2)) : options.Pool;
        session.Shelf.Enabled = !options.NoReuse;
        session.Shelf.PerStatus = Math.Max(2, parallel);
        var runInfo = new RunInfo
        {
            RunId = session.RunId,
            TargetName = host.Target.Name,
            Endpoint = session.Api.Endpoint?.ToString() ?? session.Api.Id,
            KitVersion = KitVersion,
            Microversions = session.Api.Range,
            TagFilter = options.Tags,
        };

        var outage = session.WatchForOutage(options.OutageAfter);
        using var runStop = CancellationTokenSource.CreateLinkedTokenSource(ct, outage.Declared);
        using var beat = new CancellationTokenSource();
        var heartbeat = session.BeatUntilAsync(beat.Token);
        if (stop is not null) stop.Emergency = () => EmergencyStopAsync(host);
        // Interrupted while the endpoint is not answering: waiting for the requests in flight would only wait out their timeouts.
        using var abandonOnInterrupt = ct.Register(() =>
        {
            if (outage.Since is not null) session.Http.AbortAll("the run was interrupted while the endpoint was not answering");
        });

        var cucumber = CucumberOutputs(options.ResultsDirectory);
        var runner = host.CreateRunner(suite, new ConsoleProgress(output, suite.Scenarios.Count), cucumber);
        await using var runnerScope = runner;
        var results = new ScenarioResult[suite.Scenarios.Count];
        var started = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, suite.Scenarios.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = CancellationToken.None },
            async (i, _) =>
            {
                // No scenario starts while the endpoint may be down: it either answers again or the outage is declared.
                await outage.WhileSuspectedAsync(runStop.Token);
                if (runStop.IsCancellationRequested) return;
                var result = await runner.RunAsync(suite.Scenarios[i], runStop.Token);
                results[i] = result;
                journal.Add(result, runInfo);
            });
        await beat.CancelAsync();
        await heartbeat;
        await journal.CompleteAsync();
        // Ending Reqnroll's test run makes its formatters write the Cucumber Messages and the Cucumber HTML report.
        await runner.DisposeAsync();
        var finished = results.Where(r => r is not null).ToList();
        var elapsed = DateTimeOffset.UtcNow - started;

        RunInterruption? interruption = outage.IsDeclared
            ? new RunInterruption(InterruptionKind.EndpointOutage, outage.Reason!, suite.Scenarios.Count)
            : ct.IsCancellationRequested ? new RunInterruption(InterruptionKind.Interrupted, stop?.Reason ?? "cancelled", suite.Scenarios.Count)
            : null;
        if (outage.IsDeclared)
            error.WriteLine($"Endpoint outage: {outage.Reason}. The run stopped after {finished.Count} of {suite.Scenarios.Count} scenarios.");

        var cleanupWatch = System.Diagnostics.Stopwatch.StartNew();
        var leftOver = await CleanUpAsync(host, outage.IsDeclared);
        cleanupWatch.Stop();

        new Summary(output).Write(finished, elapsed);
        WriteTimeBudget(session, elapsed, cleanupWatch.Elapsed);
        var report = new RunReporter(new ReportOptions
        {
            ResultsDirectory = options.ResultsDirectory,
            Secrets = [.. host.Masker.Known, .. host.Target.Configs.Values.SelectMany(c => c.Secrets)],
            BaselinePath = options.Baseline,
            UpdateBaseline = options.UpdateBaseline,
            Html = !options.NoHtml,
            InstallAllure = true,
            Progress = output.WriteLine,
            Catalogue = session.Catalogue,
            SubunitFile = options.Subunit,
        }).Write(finished, runInfo with { Interruption = interruption });
        output.WriteLine();
        foreach (var line in report.Describe()) output.WriteLine(line);
        if (File.Exists(cucumber.MessagesFile)) output.WriteLine($"Cucumber messages: {cucumber.MessagesFile}");
        if (File.Exists(cucumber.HtmlFile)) output.WriteLine($"Cucumber HTML:     {cucumber.HtmlFile}");
        if (options.Subunit is { } subunit) output.WriteLine($"Subunit v2:        {Path.GetFullPath(subunit)}");
        if (interruption is { Kind: InterruptionKind.Interrupted })
            error.WriteLine($"Interrupted after {finished.Count} of {suite.Scenarios.Count} scenarios; nothing was certified (exit {report.ExitCode}).");
        if (leftOver.Count > 0 && report.ExitCode == ExitCode.Conforming)
        {
            error.WriteLine($"The run failed: {leftOver.Count} server(s) it created are still on the cloud ({string.Join("; ", leftOver.Take(10))}).");
            return ExitCode.Failures;
        }
        return report.ExitCode;
    }

    /// <summary>
    /// The run's time budget: its wall time, the scenarios' summed wall time, Nova's own time for the actions they drove
    /// (the union of the instance-action events of their servers), the ratio, and what the closing cleanup cost.
    /// </summary>
    private void WriteTimeBudget(Steps.Support.KitSession session, TimeSpan elapsed, TimeSpan cleanup)
    {
        var (kit, scenarios, withEvents) = session.Budget.Scenarios;
        var nova = session.Budget.NovaTime;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        output.WriteLine(nova > TimeSpan.Zero
            ? string.Create(inv, $"Time budget: run wall {elapsed.TotalSeconds:0.0} s, scenarios {kit.TotalSeconds:0.0} s summed; Nova's own time {nova.TotalSeconds:0.0} s (instance-action events of {withEvents} of {scenarios} scenarios); kit/Nova {kit / nova:0.0} (scenarios), {elapsed / nova:0.0} (wall); end-of-run cleanup {cleanup.TotalSeconds:0.0} s")
            : string.Create(inv, $"Time budget: run wall {elapsed.TotalSeconds:0.0} s, scenarios {kit.TotalSeconds:0.0} s summed; Nova's own time unknown (the endpoint shows no instance-action events); end-of-run cleanup {cleanup.TotalSeconds:0.0} s"));
        var (gets, lists, looks) = session.Poller.Counts;
        var (batches, created, taken) = session.Pool.Counts;
        output.WriteLine($"Polling: {looks} looks at servers, {gets} GET /servers/{{id}} and {lists} GET /servers/detail; pool: {created} server(s) in {batches} batch(es), {taken} taken by scenarios{(session.Pool.StoppedBecause is { } why ? $" (the pool stopped: {why})" : "")}");
        var (offered, shelved, reused, retired) = session.Shelf.Counts;
        output.WriteLine(session.Shelf.Enabled
            ? $"Servers handed on: {reused} scenario(s) started from a server an earlier scenario left as it received it ({shelved} of {offered} offered were put back, {retired} retired by a check)"
            : "Servers handed on: none (--no-reuse)");
    }

    /// <summary>Where Reqnroll's formatters write, beside the Allure results.</summary>
    public static Gherkin.Bridge.FormatterOutputs CucumberOutputs(string resultsDirectory) => new(
        Path.GetFullPath(Path.Combine(resultsDirectory, "cucumber", "messages.ndjson")),
        Path.GetFullPath(Path.Combine(resultsDirectory, "cucumber", "report.html")));

    private static string KitVersion => typeof(RunCommand).Assembly.GetName().Version?.ToString(3) ?? "0";

    /// <summary>
    /// Deletes what the run still holds and looks up the creates it gave up on. After an outage the endpoint gets one short
    /// chance: what cannot be deleted within <see cref="OutageCleanupBudget"/> is listed with the sweep command.
    /// </summary>
    private async Task<IReadOnlyList<string>> CleanUpAsync(ConformanceHost host, bool afterOutage)
    {
        var session = host.Session;
        IReadOnlyList<string> problems;
        if (!afterOutage) problems = await session.Tracker.DeleteAllAsync(CancellationToken.None);
        else
        {
            using var admin = host.FreshAdminClient(TimeSpan.FromSeconds(3));
            using var budget = new CancellationTokenSource(OutageCleanupBudget);
            try { await session.Tracker.DeleteQuicklyAsync(admin.Client, budget.Token); }
            catch (OperationCanceledException) { }
            problems = session.Tracker.Leftovers;
        }
        if (session.Tracker.Orphans is { GivenUp: > 0 } orphans)
            output.WriteLine($"Orphans: {orphans.GivenUp} create request(s) got no answer; looked up by name, {orphans.Appeared} server(s) had appeared all the same and were deleted.");
        var left = session.Tracker.Leftovers.Concat(afterOutage ? [] : session.Tracker.LeftOnCloud).Distinct().ToList();
        if (problems.Count == 0 && left.Count == 0) return left;
        error.WriteLine($"{left.Count} resource(s) the run created may be left on the cloud:");
        foreach (var p in left.Concat(problems).Distinct().Take(50)) error.WriteLine("  " + p);
        error.WriteLine($"Delete them once the endpoint answers: {SweepCommandLine(host)}");
        return left;
    }

    private static string SweepCommandLine(ConformanceHost host) =>
        $"nova-conformance sweep{(host.Target.IsSimulator ? "" : host.Target.CloudArgument)} --run-id {host.Session.RunId}";

    /// <summary>A second Ctrl-C: in-flight requests are abandoned, DELETE goes out for every server held, and the rest is listed.</summary>
    private async Task EmergencyStopAsync(ConformanceHost host)
    {
        var session = host.Session;
        session.Http.AbortAll("the run was stopped by a second Ctrl-C");
        error.WriteLine("Stopping now: deleting what can be deleted within 5 s…");
        using var admin = host.FreshAdminClient(TimeSpan.FromSeconds(2));
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        IReadOnlyList<string> left;
        try { left = await session.Tracker.DeleteQuicklyAsync(admin.Client, budget.Token); }
        catch (OperationCanceledException) { left = session.Tracker.Leftovers; }
        if (left.Count == 0) error.WriteLine("Nothing the run created is left.");
        else
        {
            error.WriteLine($"{left.Count} resource(s) may be left:");
            foreach (var l in left) error.WriteLine("  " + l);
            error.WriteLine($"Delete them with: {SweepCommandLine(host)}");
        }
    }
}
