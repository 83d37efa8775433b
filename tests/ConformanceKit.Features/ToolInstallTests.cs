using System.Diagnostics;
using ConformanceKit.Cli.Hosting;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// The kit as .NET users install command-line tools: `dotnet pack` makes the nova-conformance tool package,
/// `dotnet tool install --tool-path` installs it from that folder, and the installed command, run from an empty
/// directory (no checkout), prints its help and certifies the embedded simulator with the features it carries.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ToolInstallTests
{
    private static readonly string Root = RepoRoot.Find();

    private static (int Exit, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(" ", args)} did not finish within 10 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Test]
    public void The_packed_tool_installs_into_a_tool_path_and_certifies_the_simulator_from_an_empty_directory()
    {
        var temp = Directory.CreateTempSubdirectory("nck-tool-").FullName;
        try
        {
            // The test assembly's own build of the CLI is packed (Debug or Release, as the tests were built).
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var packages = Path.Combine(temp, "packages");
            var (packExit, pack) = Run("dotnet", Root, "pack", Path.Combine(Root, "src", "ConformanceKit.Cli"), "--no-build", "-c", configuration, "-o", packages);
            packExit.Should().Be(0, pack);
            Directory.GetFiles(packages, "nova-conformance.*.nupkg").Should().ContainSingle(pack);

            var tools = Path.Combine(temp, "tools");
            var (installExit, install) = Run("dotnet", temp, "tool", "install", "nova-conformance", "--tool-path", tools, "--add-source", packages);
            installExit.Should().Be(0, install);
            install.Should().Contain("was successfully installed");
            var command = Path.Combine(tools, "nova-conformance");

            var empty = Directory.CreateDirectory(Path.Combine(temp, "somewhere-else")).FullName;
            var (helpExit, help) = Run(command, empty, "--help");
            helpExit.Should().Be(0, help);
            help.Should().Contain("nova-conformance run [options]").And.Contain("--subunit FILE");

            var expected = ConformanceHost.Discover(Path.Combine(Root, "features"), null).Scenarios.Count;
            var results = Path.Combine(empty, "results");
            var (runExit, run) = Run(command, empty, "run", "--no-html", "--results", results);
            TestContext.Out.WriteLine(run[Math.Max(0, run.Length - 1500)..]);
            runExit.Should().Be(0, run[Math.Max(0, run.Length - 3000)..]);
            run.Should().Contain($"{expected} scenarios in").And.Contain("Verdict: CONFORMING");
            File.Exists(Path.Combine(results, "junit.xml")).Should().BeTrue();
            File.Exists(Path.Combine(results, "cucumber", "report.html")).Should().BeTrue();
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
