using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Cli.Commands;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// The run's server pool (fresh ACTIVE servers made ahead, each owned by the one scenario that takes it) does not spread
/// failures: a simulator that breaks one rule fails exactly the scenarios of that rule, whatever servers they were given.
/// </summary>
[TestFixture]
[NonParallelizable]
public partial class ServerPoolTests
{
    private static readonly string Features = Path.Combine(RepoRoot.Find(), "features");
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("nck-pool-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"pool: (?<created>\d+) server\(s\) in (?<batches>\d+) batch\(es\), (?<taken>\d+) taken by scenarios")]
    private static partial Regex PoolLine();

    private async Task<(int Code, string Output, string Error, List<(string Name, string Status, List<string> Tags)> Results)> RunAsync(string faults)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var results = Path.Combine(_dir, faults);
        var code = await CommandLine.RunAsync(["run", "--no-html", "--features", Features, "--results", results, "--parallel", "3",
            "--pool", "6", "--tags", "@action:pause or @action:suspend", "--simulator-faults", faults], output, error, _ => null);
        var parsed = Directory.GetFiles(Path.Combine(results, "allure-results"), "*-result.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!)
            .Select(r => (r["fullName"]!.GetValue<string>(), r["status"]!.GetValue<string>(),
                r["labels"]!.AsArray().Where(l => l!["name"]!.GetValue<string>() == "tag").Select(l => l!["value"]!.GetValue<string>()).ToList()))
            .ToList();
        return (code, output.ToString(), error.ToString(), parsed);
    }

    [Test]
    public async Task A_fault_in_one_rule_fails_only_that_rules_scenarios_with_the_pool_on()
    {
        var faithful = await RunAsync("none");
        faithful.Code.Should().Be(ExitCode.Conforming, faithful.Output + faithful.Error);
        var pool = PoolLine().Match(faithful.Output);
        pool.Success.Should().BeTrue(faithful.Output);
        int.Parse(pool.Groups["taken"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(10, "the scenarios took pooled servers");
        faithful.Error.Should().NotContain("left on the cloud");

        var broken = await RunAsync("lock-ignored");
        broken.Code.Should().Be(ExitCode.Failures);
        var failed = broken.Results.Where(r => r.Status is "failed" or "broken").ToList();
        var lockScenarios = broken.Results.Where(r => r.Tags.Contains("aspect:lock")).Select(r => r.Name).ToList();
        failed.Should().NotBeEmpty();
        failed.Select(r => r.Name).Should().BeEquivalentTo(lockScenarios, "lock-ignored breaks the lock rule only: its scenarios fail, no other");
        broken.Results.Where(r => !r.Tags.Contains("aspect:lock")).Should().OnlyContain(r => r.Status == "passed");
        broken.Error.Should().NotContain("left on the cloud");
        TestContext.Progress.WriteLine($"pool on, lock-ignored: {failed.Count} of {broken.Results.Count} failed, all of them @aspect:lock; faithful: {PoolLine().Match(faithful.Output).Value}");
    }
}
