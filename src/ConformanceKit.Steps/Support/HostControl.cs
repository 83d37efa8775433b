using System.Diagnostics;
using System.Text;
using ConformanceKit.Client;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// How the operator stops and starts a compute host, so that evacuate can be certified: Nova evacuates only from a
/// host that has failed (fenced, then reported or forced down), and the host must run its nova-compute again
/// (which completes the evacuation) before it may be forced up. The kit never takes a host down without one.
/// </summary>
public interface IHostControl
{
    /// <summary>What it is, for messages.</summary>
    string Description { get; }

    /// <summary>Runs <paramref name="action"/> ("stop" or "start") for <paramref name="host"/>; returns a problem, or null when done.</summary>
    Task<string?> RunAsync(string action, string host, NovaClient admin, CancellationToken ct);
}

/// <summary>
/// The operator's command (<c>--host-control 'COMMAND {action} {host}'</c>): split into words like a shell would
/// (single and double quotes group), {action} and {host} substituted inside words, run without a shell, so a
/// host name can never become a command. Exit status 0 means done.
/// </summary>
public sealed class CommandHostControl : IHostControl
{
    /// <summary>How long one stop or start may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly IReadOnlyList<string> _words;

    public CommandHostControl(string template)
    {
        _words = Split(template);
        if (_words.Count == 0 || !template.Contains("{action}", StringComparison.Ordinal) || !template.Contains("{host}", StringComparison.Ordinal))
            throw new ArgumentException($"--host-control takes a command with {{action}} and {{host}} in it, e.g. 'ssh ops@bastion fence-compute {{action}} {{host}}'; got '{template}'.");
        Description = $"the operator command '{template}'";
    }

    public string Description { get; }

    public async Task<string?> RunAsync(string action, string host, NovaClient admin, CancellationToken ct)
    {
        var words = _words.Select(w => w.Replace("{action}", action, StringComparison.Ordinal).Replace("{host}", host, StringComparison.Ordinal)).ToList();
        var info = new ProcessStartInfo(words[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var w in words.Skip(1)) info.ArgumentList.Add(w);
        Process process;
        try { process = Process.Start(info) ?? throw new InvalidOperationException("no process"); }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"{Description} could not be started for '{action} {host}': {e.Message}";
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(Timeout);
            try { await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return $"{Description} did not finish '{action} {host}' within {Timeout.TotalMinutes:0} min";
            }
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            if (process.ExitCode == 0) return null;
            var last = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                ?? (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
            return $"{Description} exited {process.ExitCode} for '{action} {host}': {last}";
        }
    }

    /// <summary>Words of a command line: whitespace separates, quotes group, a backslash escapes the next character outside single quotes.</summary>
    public static IReadOnlyList<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else if (c == '\\' && q == '"' && i + 1 < command.Length) word.Append(command[++i]);
                else word.Append(c);
            }
            else if (c is '\'' or '"') { quote = c; inWord = true; }
            else if (c == '\\' && i + 1 < command.Length) { word.Append(command[++i]); inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
            }
            else { word.Append(c); inWord = true; }
        }
        if (quote is not null) throw new ArgumentException($"--host-control has an unclosed {quote} quote: '{command}'.");
        if (inWord) words.Add(word.ToString());
        return words;
    }
}

/// <summary>
/// A test cloud's control route on the compute endpoint's host (the embedded simulator's and the reference Nova's
/// <c>/_control</c>): stop needs nothing (forcing the service down fences it there), start restarts the compute
/// service, which completes evacuations away from it. Requests carry no token: the route is not Nova's.
/// </summary>
public sealed class ControlRouteHostControl : IHostControl
{
    public string Description => "the test cloud's /_control route";

    public async Task<string?> RunAsync(string action, string host, NovaClient admin, CancellationToken ct)
    {
        if (action == "stop")
        {
            var health = await admin.SendToHostRootAsync(HttpMethod.Get, "_control/health", ct).ConfigureAwait(false);
            return health.Status == 200 ? null : $"{Description} is not there: GET /_control/health answered HTTP {health.Status}";
        }
        var restart = await admin.SendToHostRootAsync(HttpMethod.Post, $"_control/computes/{Uri.EscapeDataString(host)}/restart", ct).ConfigureAwait(false);
        return restart.Status is 200 or 204 ? null : $"restarting {host} through {Description} answered {restart}";
    }
}
