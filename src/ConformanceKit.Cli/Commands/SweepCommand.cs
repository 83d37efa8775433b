using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client.Configuration;

namespace ConformanceKit.Cli.Commands;

/// <summary>Deletes servers an interrupted run left behind: every server named with the kit's prefix (and run id).</summary>
public sealed class SweepCommand(TextWriter output, CloudConfigLoader loader)
{
    public async Task<int> ExecuteAsync(string[] args, CancellationToken ct)
    {
        string? runId = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--run-id" && i + 1 < args.Length) runId = args[++i];
            else rest.Add(args[i]);
        }
        var options = RunOptions.Parse(rest);
        if (options.Simulator || options.Cloud is null && !loader.HasEnvironmentCloud)
            throw new UsageException("sweep needs a cloud: --cloud NAME, OS_CLOUD or OS_* variables (the embedded simulator keeps nothing between runs).");
        await using var host = await ConformanceHost.StartAsync(options, loader, ct);
        var (found, problems) = await host.Session.Tracker.SweepAsync(runId, ct);
        output.WriteLine($"sweep: {found} server(s) named {Steps.Support.KitOptions.NamePrefix}{runId}* found, {found - problems.Count} deleted");
        foreach (var p in problems) output.WriteLine("  " + p);
        return problems.Count == 0 ? ExitCode.Conforming : ExitCode.Failures;
    }
}
