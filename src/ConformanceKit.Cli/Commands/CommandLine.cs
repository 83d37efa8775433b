using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client;
using ConformanceKit.Client.Auth;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Client.Http;

namespace ConformanceKit.Cli.Commands;

/// <summary>Exit codes of nova-conformance, documented in the README.</summary>
public static class ExitCode
{
    public const int Conforming = 0;
    public const int Failures = 1;
    public const int UsageOrConfiguration = 2;
    public const int Unreachable = 3;
}

/// <summary>Dispatches the sub-commands and turns a user's mistakes into one clear line and an exit code, never a stack trace.</summary>
public static class CommandLine
{
    /// <param name="environment">Where OS_* variables are read from; the process environment unless given.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, Func<string, string?>? environment = null)
    {
        var loader = new CloudConfigLoader(environment ?? Environment.GetEnvironmentVariable);
        output ??= Console.Out;
        error ??= Console.Error;
        using var cts = new CancellationTokenSource();
        var stop = new StopRequest();
        var interrupts = 0;
        void Interrupt(string reason)
        {
            if (Interlocked.Increment(ref interrupts) == 1)
            {
                stop.Reason = reason;
                error.WriteLine($"Interrupted ({reason}): finishing the current scenarios and deleting the servers the kit created… (Ctrl-C again to stop at once)");
                cts.Cancel();
                return;
            }
            if (interrupts != 2) return;
            // A second interruption stops at once: delete what can be deleted within a few seconds, list the rest, exit.
            try { stop.Emergency?.Invoke().Wait(TimeSpan.FromSeconds(8)); }
            catch (Exception e) { error.WriteLine("nova-conformance: the last clean-up failed: " + e.Message); }
            error.WriteLine("nova-conformance: stopped by a second interruption; the run was not certified (exit 1).");
            error.Flush();
            Environment.Exit(ExitCode.Failures);
        }
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            Interrupt("Ctrl-C");
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            Interrupt("SIGTERM");
        });
        // `dotnet run` neither forwards a signal sent to its own PID nor takes the kit down when it is killed: the kit
        // watches the process that started it and stops as if interrupted when that process goes away.
        using var parentWatch = ParentWatch.Start(pid => Interrupt($"the process that started the kit (PID {pid}) went away"));
        try
        {
            var command = args.Length == 0 ? "run" : args[0];
            var rest = args.Skip(args.Length == 0 ? 0 : 1).ToArray();
            return command switch
            {
                "run" => await new RunCommand(output, error, loader, stop).ExecuteAsync(RunOptions.Parse(rest), cts.Token),
                "sweep" => await new SweepCommand(output, loader).ExecuteAsync(rest, cts.Token),
                "import-samples" => ConformanceKit.Contracts.Samples.SampleImporter.Run(rest, output, error),
                "derive-schemas" => ConformanceKit.Contracts.Derivation.SchemaDeriver.Run(rest, output, error),
                "import-nova-schemas" => ConformanceKit.Contracts.NovaSchemas.NovaSchemaImporter.Run(rest, output, error),
                "steps" => StepsCommand.Run(rest, output),
                "--help" or "-h" or "help" => Help(output),
                "--version" => Version(output),
                _ when command.StartsWith("--", StringComparison.Ordinal) => await new RunCommand(output, error, loader, stop).ExecuteAsync(RunOptions.Parse(args), cts.Token),
                _ => throw new UsageException($"Unknown command '{command}'. Commands: run, sweep, steps, import-samples, derive-schemas, import-nova-schemas. Run 'nova-conformance --help'."),
            };
        }
        catch (UsageException e) { return Fail(error, e.Message, ExitCode.UsageOrConfiguration); }
        catch (ConfigurationException e) { return Fail(error, "Configuration error: " + e.Message, ExitCode.UsageOrConfiguration); }
        catch (AuthenticationException e) { return Fail(error, "Authentication failed: " + e.Message, ExitCode.UsageOrConfiguration); }
        catch (EndpointUnreachableException e) { return Fail(error, "Endpoint unreachable: " + e.Message, ExitCode.Unreachable); }
        catch (EndpointFaultException e) { return Fail(error, "The endpoint is not a working Nova API: " + e.Message, ExitCode.Unreachable); }
        catch (ConformanceKit.Reporting.Gating.BaselineException e) { return Fail(error, "Baseline error: " + e.Message, ExitCode.UsageOrConfiguration); }
        catch (DirectoryNotFoundException e) { return Fail(error, e.Message, ExitCode.UsageOrConfiguration); }
        catch (ConformanceKit.Reporting.ResultsDirectoryException e) { return Fail(error, e.Message, ExitCode.UsageOrConfiguration); }
        catch (FormatException e) { return Fail(error, "Invalid value: " + e.Message, ExitCode.UsageOrConfiguration); }
        catch (OperationCanceledException) when (cts.IsCancellationRequested) { return Fail(error, "Interrupted.", ExitCode.Failures); }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine("nova-conformance: " + message);
        return code;
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine(RunOptions.Help);
        return 0;
    }

    private static int Version(TextWriter output)
    {
        output.WriteLine("nova-conformance " + typeof(CommandLine).Assembly.GetName().Version);
        return 0;
    }
}

/// <summary>
/// Watches the parent process (from /proc/self/stat on Linux): when it is gone — the kit was re-parented — the callback
/// runs once. Polls every second; does nothing where /proc is absent.
/// </summary>
public sealed class ParentWatch : IDisposable
{
    private readonly Timer? _timer;
    private int _fired;

    private ParentWatch(int parent, Action<int> gone)
    {
        _timer = new Timer(_ =>
        {
            if (ParentPid() is { } now && now != parent && Interlocked.Exchange(ref _fired, 1) == 0) gone(parent);
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private ParentWatch() { }

    public static ParentWatch Start(Action<int> gone) =>
        ParentPid() is { } parent and > 1 ? new ParentWatch(parent, gone) : new ParentWatch();

    /// <summary>The parent's PID: field 4 of /proc/self/stat (after the command name, which is in parentheses).</summary>
    public static int? ParentPid()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException) { return null; }
    }

    public void Dispose() => _timer?.Dispose();
}
