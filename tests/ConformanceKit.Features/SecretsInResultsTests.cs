using ConformanceKit.Cli.Hosting;
using ConformanceKit.Client.Configuration;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// A real run against the simulator, reported as the run command reports it, then every file under the results
/// directory is searched for every secret the run used or received: the tokens, and each adminPass Nova returned.
/// </summary>
[TestFixture]
[NonParallelizable]
public class SecretsInResultsTests
{
    [Test]
    public async Task No_token_or_adminPass_appears_anywhere_under_the_results_directory()
    {
        var dir = Directory.CreateTempSubdirectory("nck-secrets-").FullName;
        try
        {
            var features = Path.Combine(RepoRoot.Find(), "features");
            // Lock scenarios create servers (whose create answers carry adminPass) and one fails on purpose (lock-ignored),
            // so failure messages and curl reproductions are written too.
            var options = new ConformanceKit.Cli.Hosting.RunOptions { Simulator = true, SimulatorFaults = "lock-ignored", Tags = "@action:lock or @id:pause-locked" };
            var suite = ConformanceHost.Discover(features, options.Tags);
            await using var host = await ConformanceHost.StartAsync(options, new CloudConfigLoader(_ => null), CancellationToken.None);
            await using var runner = host.CreateRunner(suite, listener: null);
            var results = new List<ScenarioResult>();
            foreach (var s in suite.Scenarios) results.Add(await runner.RunAsync(s));
            results.Should().Contain(r => r.Outcome == Outcome.Failed, "the fault profile makes a scenario fail, so its failure is reported too");

            var secrets = host.Masker.Known.Concat(host.Target.Configs.Values.SelectMany(c => c.Secrets)).Distinct().ToList();
            secrets.Should().Contain(["admin:admin", "demo:demo"]);
            secrets.Count.Should().BeGreaterThan(3, "every server create answered an adminPass, which the kit learned as a secret");

            var report = new RunReporter(new ReportOptions { ResultsDirectory = dir, Secrets = secrets, Html = false, Catalogue = host.Session.Catalogue })
                .Write(results, new RunInfo
                {
                    RunId = host.Session.RunId, TargetName = host.Target.Name, Endpoint = host.Session.Api.Endpoint!.ToString(),
                    KitVersion = "test", Microversions = host.Session.Api.Range,
                });
            report.SecretsMasked.Should().Be(0, "secrets are masked where they are recorded, before anything reaches the report writers");
            report.SecretsFound.Should().BeEmpty();

            var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToList();
            files.Should().Contain(f => f.EndsWith("-attachment.txt", StringComparison.Ordinal) || f.Contains("-attachment", StringComparison.Ordinal));
            foreach (var file in files)
            {
                var text = await File.ReadAllTextAsync(file);
                foreach (var secret in secrets)
                    text.Should().NotContain(secret, $"{Path.GetRelativePath(dir, file)} must not contain a secret");
            }
            files.Select(File.ReadAllText).Should().Contain(t => t.Contains("\"adminPass\": \"***\"") || t.Contains("\\\"adminPass\\\": \\\"***\\\""),
                "the create answers are attached with adminPass masked");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
