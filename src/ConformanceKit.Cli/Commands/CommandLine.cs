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
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            error.WriteLine("Interrupted: finishing the current scenarios and deleting the servers the kit created…");
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cts.Cancel();
        });
        try
        {
            var command = args.Length == 0 ? "run" : args[0];
            var rest = args.Skip(args.Length == 0 ? 0 : 1).ToArray();
            return command switch
            {
                "run" => await new RunCommand(output, error, loader).ExecuteAsync(RunOptions.Parse(rest), cts.Token),
                "sweep" => await new SweepCommand(output, loader).ExecuteAsync(rest, cts.Token),
                "import-samples" => ConformanceKit.Contracts.Samples.SampleImporter.Run(rest, output, error),
                "derive-schemas" => ConformanceKit.Contracts.Derivation.SchemaDeriver.Run(rest, output, error),
                "import-nova-schemas" => ConformanceKit.Contracts.NovaSchemas.NovaSchemaImporter.Run(rest, output, error),
                "--help" or "-h" or "help" => Help(output),
                "--version" => Version(output),
                _ when command.StartsWith("--", StringComparison.Ordinal) => await new RunCommand(output, error, loader).ExecuteAsync(RunOptions.Parse(args), cts.Token),
                _ => throw new UsageException($"Unknown command '{command}'. Commands: run, sweep, import-samples, derive-schemas, import-nova-schemas. Run 'nova-conformance --help'."),
            };
        }
        catch (UsageException e) { return Fail(error, e.Message, ExitCode.UsageOrConfiguration); }
        catch (ConfigurationException e) { return Fail(error, "Configuration error: " + e.Message, ExitCode.UsageOrConfiguration); }
        catch (AuthenticationException e) { return Fail(error, "Authentication failed: " + e.Message, ExitCode.UsageOrConfiguration); }
        catch (EndpointUnreachableException e) { return Fail(error, "Endpoint unreachable: " + e.Message, ExitCode.Unreachable); }
        catch (EndpointFaultException e) { return Fail(error, "The endpoint is not a working Nova API: " + e.Message, ExitCode.Unreachable); }
        catch (ConformanceKit.Reporting.Gating.BaselineException e) { return Fail(error, "Baseline error: " + e.Message, ExitCode.UsageOrConfiguration); }
        catch (DirectoryNotFoundException e) { return Fail(error, e.Message, ExitCode.UsageOrConfiguration); }
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
