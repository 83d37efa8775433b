using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// Deletes what runs of the kit left behind, and only that: servers, snapshot and backup images, security groups and
/// floating IPs whose names (or, for floating IPs, descriptions) carry the kit's exact pattern and a run id. See <see cref="Sweeper"/>.
/// </summary>
public sealed class SweepCommand(TextWriter output, CloudConfigLoader loader)
{
    public async Task<int> ExecuteAsync(string[] args, CancellationToken ct)
    {
        string? runId = null;
        bool force = false, dryRun = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--run-id":
                    if (i + 1 >= args.Length) throw new UsageException("--run-id needs a value: the run id the kit printed (e.g. 20261203103512ab4f).");
                    runId = args[++i];
                    if (!KitNames.IsRunId(runId))
                        throw new UsageException($"'{runId}' is not a run id of the kit: a run id is 14 digits of UTC time and 4 hex digits, e.g. 20261203103512ab4f (it is matched exactly, never as a pattern).");
                    break;
                case "--force": force = true; break;
                case "--dry-run": dryRun = true; break;
                default: rest.Add(args[i]); break;
            }
        }
        var options = RunOptions.Parse(rest);
        if (options.Simulator || options.Cloud is null && !loader.HasEnvironmentCloud)
            throw new UsageException("sweep needs a cloud: --cloud NAME, OS_CLOUD or OS_* variables (the embedded simulator keeps nothing between runs).");
        await using var host = await ConformanceHost.StartAsync(options, loader, ct);
        var report = await new Sweeper(host.Session).SweepAsync(new SweepRequest(runId, force, dryRun), ct);
        var scope = runId is null ? $"runs of the kit that are over{(force ? " or live (--force)" : "")}" : $"run {runId}";
        output.WriteLine($"sweep{(dryRun ? " (dry run)" : "")}: {report.Selected.Count} resource(s) of {scope} found" +
            (dryRun ? "; nothing was deleted" : $", {report.Deleted.Count} deleted"));
        foreach (var item in report.Selected) output.WriteLine($"  {(dryRun ? "would delete" : report.Deleted.Contains(item) ? "deleted" : "NOT deleted")} {item} (run {item.RunId})");
        foreach (var l in report.LiveRunsLeft) output.WriteLine("  " + l);
        foreach (var n in report.Notes) output.WriteLine("  note: " + n);
        foreach (var p in report.Problems) output.WriteLine("  " + p);
        return report.Problems.Count == 0 ? ExitCode.Conforming : ExitCode.Failures;
    }
}
