using System.Text;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting.Tests;

/// <summary>No secret (token, password, adminPass) may appear anywhere under the results directory.</summary>
public class SecretTests
{
    internal const string Token = "gAAAAABnT0kEnSecretTokenValue_9f8e7d6c";
    internal const string Password = "s3cr3t-P@ss&word<1>";
    internal const string AdminPass = "Zq7xWvR3kPm2";

    /// <summary>Results as a careless upstream would hand them over: secrets in messages, attachments, names, parameters.</summary>
    internal static ScenarioResult[] LeakyResults()
    {
        var t = Fakes.T0;
        var leakyStep = new StepResult("When ", $"the owner rebuilds the server with password {Password}", Outcome.Failed, t, t.AddSeconds(1),
            $"X-Auth-Token: {Token}", [new Attachment("response", "application/json", $"{{\"server\": {{\"adminPass\": \"{AdminPass}\"}}}}")]);
        return
        [
            Fakes.Scenario("rebuild-normal", Outcome.Failed, action: "rebuild",
                message: $"expected 202; request carried X-Auth-Token: {Token}",
                attachments: [
                    new Attachment("POST /servers/abc/action", "text/plain", $"X-Auth-Token: {Token}\n\n{{\"rebuild\": {{\"adminPass\": \"{AdminPass}\"}}}}"),
                    new Attachment("curl", "text/x-shellscript", $"curl -H 'X-Auth-Token: {Token}' --data '{{\"auth\": {{\"password\": \"{Password}\"}}}}'"),
                ],
                parameters: new Dictionary<string, string> { ["microversion"] = "2.1", ["password"] = Password },
                steps: [leakyStep]) with { Trace = $"token={Uri.EscapeDataString(Token)} pw={Uri.EscapeDataString(Password)}" },
            Fakes.Scenario("rebuild-broken", Outcome.Broken, action: "rebuild", message: $"The endpoint failed: 500 for adminPass {AdminPass}"),
            Fakes.Scenario("rebuild-ok", Outcome.Passed, action: "rebuild") with { Scenario = $"Rebuild with {Password}", FullName = $"Rebuild / Rebuild with {Password}" },
        ];
    }

    [Test]
    public void No_secret_appears_in_any_file_the_writers_leave()
    {
        var dir = Fakes.TempDir("secrets");
        var report = new RunReporter(new ReportOptions
        {
            ResultsDirectory = dir,
            Secrets = [Token, Password, AdminPass],
            BaselinePath = Path.Combine(dir, "baseline.json"),
            UpdateBaseline = true,
            Html = false,
        }).Write(LeakyResults(), Fakes.Run());

        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories);
        files.Should().Contain(f => f.EndsWith("-result.json")).And.Contain(f => f.EndsWith(".sh")).And.Contain(f => f.EndsWith("junit.xml"))
            .And.Contain(f => f.EndsWith("compliance-matrix.html")).And.Contain(f => f.EndsWith("compliance-matrix.json")).And.Contain(f => f.EndsWith("baseline.json"));
        GrepForSecrets(dir).Should().BeEmpty();
        report.SecretsFound.Should().BeEmpty();
        report.SecretsMasked.Should().BeGreaterThan(10, "the writers had to mask what upstream left");
        report.Describe().Should().Contain(l => l.StartsWith("warning: the report writers masked"));
        File.ReadAllText(Directory.GetFiles(Path.Combine(dir, "allure-results"), "*.sh").Single()).Should().Contain("X-Auth-Token: ***");
    }

    [Test]
    public void The_grep_finds_a_secret_a_file_holds_even_base64_encoded()
    {
        var dir = Fakes.TempDir("grep");
        File.WriteAllText(Path.Combine(dir, "plain.txt"), $"x {AdminPass} y");
        File.WriteAllText(Path.Combine(dir, "embedded.html"), $"<script>d(\"data/a.json\",\"{Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"message\":\"token " + Token + "\"}"))}\")</script>");
        File.WriteAllText(Path.Combine(dir, "escaped.json"), $"{{\"p\": \"{Password.Replace("&", "\\u0026").Replace("<", "\\u003C").Replace(">", "\\u003E")}\"}}");
        File.WriteAllText(Path.Combine(dir, "clean.txt"), "nothing here");

        GrepForSecrets(dir).Should().BeEquivalentTo("plain.txt", "embedded.html", "escaped.json");
        var findings = new SecretScrubber([Token, Password, AdminPass]).Scan(dir);
        findings.Select(f => f.ToString()).Should().BeEquivalentTo("embedded.html: secret #1", "escaped.json: secret #2", "plain.txt: secret #3");
    }

    [Test]
    public void The_reporter_refuses_with_exit_2_when_a_secret_is_left_under_the_results_directory()
    {
        var dir = Fakes.TempDir("refuse");
        File.WriteAllText(Path.Combine(dir, "run.log"), $"debug: token {Token}");
        var report = new RunReporter(new ReportOptions { ResultsDirectory = dir, Secrets = [Token], Html = false })
            .Write([Fakes.Scenario("ok", Outcome.Passed)], Fakes.Run());
        report.SecretsFound.Select(f => f.File).Should().Equal("run.log");
        report.ExitCode.Should().Be(ExitCodes.UsageOrConfigurationError);
        report.Describe().Should().Contain(l => l.StartsWith("SECRET FOUND") && !l.Contains(Token));
    }

    [Test]
    public void Short_values_are_not_treated_as_secrets()
    {
        var s = new SecretScrubber(["abc", null, "", "abcd"]);
        s.Count.Should().Be(1);
        s.Scrub("abc abcd").Should().Be("abc ***");
        s.Masked.Should().Be(1);
    }

    [Test]
    public void Hundreds_of_secrets_are_masked_in_one_pass_and_the_longest_spelling_wins()
    {
        // A run knows one adminPass per server it created: hundreds of secrets, searched for all at once.
        var secrets = Enumerable.Range(0, 600).Select(i => $"pw{i:D4}x{i * 7919 % 10007:D5}").ToList();
        secrets.Add("overlap-secret");
        secrets.Add("overlap-secret-longer");
        var s = new SecretScrubber(secrets);
        var text = new StringBuilder();
        for (var i = 0; i < 2000; i++) text.Append("{\"server\": {\"id\": \"").Append(Guid.NewGuid()).Append("\"}}\n");
        text.Append($"adminPass {secrets[17]} and {secrets[599]}{secrets[3]} then overlap-secret-longer and overlap-secret.");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var scrubbed = s.Scrub(text.ToString());
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "one pass over 100 KB with 600 secrets");
        scrubbed.Should().EndWith("adminPass *** and ****** then *** and ***.");
        s.Masked.Should().Be(5);
        s.FindIn(scrubbed).Should().BeEmpty();
        s.FindIn("x overlap-secret-longer y").Should().Equal([601, 602], "both secrets are in the text");
        s.FindIn(Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"adminPass\": \"" + secrets[42] + "\"}"))).Should().Equal([43]);
    }

    /// <summary>
    /// An independent grep: every file's text, plus the base64 blobs it embeds, searched for each
    /// secret in its raw, JSON-escaped and URL-encoded spellings.
    /// </summary>
    internal static List<string> GrepForSecrets(string dir)
    {
        var spellings = new[] { Token, Password, AdminPass }
            .SelectMany(s => new[] { s, System.Text.Json.JsonSerializer.Serialize(s)[1..^1], Uri.EscapeDataString(s), System.Net.WebUtility.HtmlEncode(s) })
            .Distinct().ToList();
        var hits = new List<string>();
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            var decoded = System.Text.RegularExpressions.Regex.Matches(text, "[A-Za-z0-9+/]{16,}={0,2}")
                .Select(m => TryBase64(m.Value)).Where(d => d is not null);
            if (spellings.Any(s => text.Contains(s) || decoded.Any(d => d!.Contains(s))))
                hits.Add(Path.GetRelativePath(dir, file));
        }
        return hits;
    }

    private static string? TryBase64(string run)
    {
        var s = run.TrimEnd('=');
        s = (s.Length % 4) switch { 0 => s, 2 => s + "==", 3 => s + "=", _ => "" };
        if (s.Length == 0) return null;
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(s)); } catch (FormatException) { return null; }
    }
}
