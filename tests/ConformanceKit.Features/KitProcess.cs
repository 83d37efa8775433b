using System.Diagnostics;
using System.Text;

namespace ConformanceKit.Features;

/// <summary>
/// The kit as an operator starts it: a child process (`dotnet nova-conformance.dll …`, or any command line), its output
/// collected line by line, so that a test can send it signals, kill it, or kill its parent.
/// </summary>
internal sealed class KitProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private int _lines;

    public static string KitDll => Path.Combine(AppContext.BaseDirectory, "nova-conformance.dll");

    private KitProcess(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = RepoRoot.Find();
        foreach (var name in new[] { "OS_CLOUD", "OS_AUTH_URL", "OS_COMPUTE_ENDPOINT" }) info.Environment.Remove(name);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// A start through coreutils' env that gives SIGINT its default handling, as in a terminal. A test run started in the
    /// background of a script (`cmd &` without job control) inherits SIGINT ignored, and .NET then leaves it ignored, so
    /// the Ctrl-C tests would test nothing.
    /// </summary>
    private static ProcessStartInfo WithDefaultSigint(string program)
    {
        var info = new ProcessStartInfo("env");
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add(program);
        return info;
    }

    /// <summary>Starts `dotnet nova-conformance.dll ARGS`.</summary>
    public static KitProcess Kit(params string[] args)
    {
        var info = WithDefaultSigint("dotnet");
        info.ArgumentList.Add(KitDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return new KitProcess(info);
    }

    /// <summary>Starts a shell command line (the kit under another parent).</summary>
    public static KitProcess Shell(string commandLine)
    {
        var info = WithDefaultSigint("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        return new KitProcess(info);
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lock)
        {
            _output.AppendLine(line);
            if (line.StartsWith('[')) _lines++;
        }
    }

    public int Pid => _process.Id;
    public string Output { get { lock (_lock) return _output.ToString(); } }

    /// <summary>Scenario lines ("[  12/373] PASS …") printed so far.</summary>
    public int ScenarioLines { get { lock (_lock) return _lines; } }

    public async Task WaitForAsync(Func<KitProcess, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"The condition was not met within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}). Output:\n{Output}");
            await Task.Delay(50);
        }
    }

    public void Signal(string signal, int? pid = null)
    {
        using var kill = Process.Start("kill", ["-" + signal, (pid ?? Pid).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>The PIDs whose parent is <paramref name="parent"/> (from /proc).</summary>
    public static IReadOnlyList<int> ChildrenOf(int parent) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit)).Select(int.Parse!)
            .Where(pid =>
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == parent.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (IOException) { return false; }
            }).ToList();

    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
