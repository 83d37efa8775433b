using System.Text.RegularExpressions;
using ConformanceKit.Cli.Hosting;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// The features held against the catalogue (catalogue/actions/NAME.json), so that a feature's precondition outline or
/// normal code cannot drift from the one place the action is described:
/// <list type="bullet">
/// <item>each refused-precondition outline (@aspect:preconditions, answered 409) lists exactly the stable statuses the
/// action is not allowed from (catalogue/statuses.json's stable list minus allowedFrom, or real Nova's override); an
/// outline tagged @preconditions:sample lists some of them, and none that the catalogue allows;</item>
/// <item>every status a scenario expects the action to be accepted from is in allowedFrom;</item>
/// <item>every documented success code a scenario expects is the action's normalCode;</item>
/// <item>every action a scenario's When step calls is among the scenario's @action: tags (discovery derives them from
/// the bound action, <c>Steps.Support.ActionTags</c>; this check matches the steps' text on its own, so it also holds the
/// derivation to what the features say).</item>
/// </list>
/// The action is the one the When step binds to: "the owner pauses the server (HARD)" is the catalogue action whose verb is
/// "pauses", variant HARD. Runs without a target.
/// </summary>
[TestFixture]
public class FeatureCatalogueTests
{
    private static readonly Lazy<IReadOnlyList<ScenarioCase>> All = new(() =>
        ConformanceHost.Discover(Path.Combine(RepoRoot.Find(), "features"), null).Scenarios);

    [Test]
    public void Refused_precondition_outlines_list_exactly_the_statuses_the_catalogue_refuses() =>
        AssertNone(FeatureCatalogueCheck.RefusedStatusProblems(All.Value, ActionCatalogue.Default));

    [Test]
    public void Accepted_statuses_are_in_the_catalogues_allowed_from() =>
        AssertNone(FeatureCatalogueCheck.AcceptedStatusProblems(All.Value, ActionCatalogue.Default));

    [Test]
    public void Expected_success_codes_are_the_catalogues_normal_code() =>
        AssertNone(FeatureCatalogueCheck.NormalCodeProblems(All.Value, ActionCatalogue.Default));

    [Test]
    public void Every_action_a_scenario_calls_is_among_its_action_tags() =>
        AssertNone(FeatureCatalogueCheck.TagProblems(All.Value, ActionCatalogue.Default));

    [Test]
    public void A_When_steps_action_tags_its_scenario_so_one_table_can_list_many_actions()
    {
        // reader.feature lists 16 actions' verbs in one Examples table and writes no @action: tag for them.
        var rows = All.Value.Where(s => s.Id.StartsWith("reader-acts[", StringComparison.Ordinal)).ToList();
        Assert.That(rows, Has.Count.GreaterThanOrEqualTo(16));
        Assert.That(rows.SelectMany(r => r.OwnTags), Has.None.StartsWith("@action:"), "the rows should not tag their action by hand");
        Assert.That(rows.Single(r => r.Id == "reader-acts[verb=pauses]").Tags, Has.Member("@action:pause"));
        Assert.That(rows.Single(r => r.Id == "reader-acts[verb=backs up]").Tags, Has.Member("@action:createBackup"));
        Assert.That(rows.Select(r => r.Tags.Count(t => t.StartsWith("@action:", StringComparison.Ordinal))), Is.All.EqualTo(1));
        // The filters see them: the pause selection holds the reader's pause row.
        var pause = ConformanceHost.Discover(Path.Combine(RepoRoot.Find(), "features"), "@action:pause").Scenarios.Select(s => s.Id);
        Assert.That(pause, Has.Member("reader-acts[verb=pauses]").And.No.Member("reader-acts[verb=suspends]"));
    }

    [Test]
    public void The_check_fails_when_a_409_list_or_a_normal_code_disagrees_with_the_catalogue()
    {
        // Break pause.feature on purpose in a copy: drop SHELVED from the 409 list, and expect 200 from pause.
        var copy = Directory.CreateTempSubdirectory("nck-features-");
        try
        {
            var source = Path.Combine(RepoRoot.Find(), "features");
            foreach (var f in Directory.GetFiles(source, "*.feature")) File.Copy(f, Path.Combine(copy.FullName, Path.GetFileName(f)));
            var pause = Path.Combine(copy.FullName, "pause.feature");
            var text = File.ReadAllText(pause);
            var broken = Regex.Replace(text, @"(Scenario Outline: Pause is refused[\s\S]*?)\n *\| SHELVED +\|", "$1", RegexOptions.None, TimeSpan.FromSeconds(1));
            broken = broken.Replace("    When the owner pauses the server\n    Then the response code is 202", "    When the owner pauses the server\n    Then the response code is 200", StringComparison.Ordinal);
            Assert.That(broken, Is.Not.EqualTo(text), "the test could not break pause.feature");
            File.WriteAllText(pause, broken);
            var scenarios = ConformanceHost.Discover(copy.FullName, null).Scenarios;

            var refused = FeatureCatalogueCheck.RefusedStatusProblems(scenarios, ActionCatalogue.Default);
            var codes = FeatureCatalogueCheck.NormalCodeProblems(scenarios, ActionCatalogue.Default);

            Assert.That(refused, Has.Some.Contains("pause.feature").And.Contains("misses SHELVED"));
            Assert.That(codes, Has.Some.Contains("pause.feature").And.Contains("expects 200").And.Contains("normalCode is 202"));
        }
        finally { copy.Delete(true); }
    }

    private static void AssertNone(IReadOnlyList<string> problems) =>
        Assert.That(problems, Is.Empty, "The features disagree with the catalogue (catalogue/actions/NAME.json):\n" + string.Join("\n", problems));
}

/// <summary>What <see cref="FeatureCatalogueTests"/> checks, on any set of scenarios.</summary>
public static class FeatureCatalogueCheck
{
    /// <summary>An outline that lists some of the refused statuses (those worth the time to reach), not all of them.</summary>
    public const string SampleTag = "@preconditions:sample";

    private static readonly Regex CodeStep = new(@"^the response code is (\d+)$", RegexOptions.None, TimeSpan.FromSeconds(1));
    private static readonly Regex StatusStep = new(@"^the server is ([A-Z_]+)$", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>A When step bound to an action: who calls it, the action and the variant (null: the default).</summary>
    public sealed record BoundCall(string Actor, ActionDefinition Action, string? Variant, int StepIndex);

    /// <summary>The action calls of a scenario's When steps, matched against the catalogue's verbs as the bindings match them.</summary>
    public static IReadOnlyList<BoundCall> Calls(ScenarioCase s, ActionCatalogue catalogue)
    {
        var calls = new List<BoundCall>();
        for (var i = 0; i < s.Steps.Count; i++)
        {
            var step = s.Steps[i];
            if (step.KeywordType != StepKeyword.When) continue;
            var m = Regex.Match(step.Text, @"^the (owner|admin|member of another project|reader) (.+) (?:the server|a server that does not exist)(?: \(([^)]+)\))?(?: outside the (?:action's|variant's) microversions)?$",
                RegexOptions.None, TimeSpan.FromSeconds(1));
            if (!m.Success) continue;
            if (catalogue.FindByVerb(m.Groups[2].Value) is not { } action) continue;
            calls.Add(new BoundCall(m.Groups[1].Value, action, m.Groups[3].Success ? m.Groups[3].Value : null, i));
        }
        return calls;
    }

    /// <summary>The first "the response code is N" after step <paramref name="after"/>.</summary>
    private static int? ExpectedCode(ScenarioCase s, int after)
    {
        for (var i = after + 1; i < s.Steps.Count; i++)
        {
            if (s.Steps[i].KeywordType == StepKeyword.When) return null;
            if (CodeStep.Match(s.Steps[i].Text) is { Success: true } m) return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>
    /// The status the scenario puts its server in right before step <paramref name="before"/> (null: none named, or another
    /// action was called in between, so the status is not the one named).
    /// </summary>
    private static string? GivenStatus(ScenarioCase s, int before)
    {
        for (var i = before - 1; i >= 0; i--)
        {
            if (s.Steps[i].KeywordType == StepKeyword.When) return null;
            if (StatusStep.Match(s.Steps[i].Text) is { Success: true } m) return m.Groups[1].Value;
        }
        return null;
    }

    /// <summary>The outline a pickle comes from: its stable id without the example row.</summary>
    private static string Outline(ScenarioCase s) => s.Id.Split('[')[0];

    /// <summary>Real Nova's allowed statuses for the action's variant: nova.allowedFromOverride, else allowedFrom (null: any).</summary>
    public static IReadOnlyList<string>? Allowed(ActionDefinition action, string? variant)
    {
        if (action.Nova is { AnyState: true }) return null;
        return action.Nova?.AllowedFromOverride ?? action.Variant(variant).AllowedFrom;
    }

    private static string Where(ScenarioCase s) => $"{Path.GetFileName(s.FeatureFile)} @id:{Outline(s)}";

    public static IReadOnlyList<string> RefusedStatusProblems(IReadOnlyList<ScenarioCase> scenarios, ActionCatalogue catalogue)
    {
        var problems = new List<string>();
        var outlines = scenarios.Where(s => s.HasTag("@aspect:preconditions"))
            .SelectMany(s => Calls(s, catalogue).Where(c => c.Actor is "owner" or "admin" && ExpectedCode(s, c.StepIndex) == 409 && GivenStatus(s, c.StepIndex) is not null)
                .Select(c => (Scenario: s, Call: c, Status: GivenStatus(s, c.StepIndex)!)))
            .GroupBy(x => (x.Scenario.FeatureFile, Outline(x.Scenario), x.Call.Action.Name, x.Call.Variant));
        foreach (var outline in outlines)
        {
            var first = outline.First();
            var allowed = Allowed(first.Call.Action, first.Call.Variant);
            var name = first.Call.Action.Name + (first.Call.Variant is { } v ? $" ({v})" : "");
            var listed = outline.Select(x => x.Status).ToHashSet(StringComparer.Ordinal);
            // No status precondition in the catalogue: the 409 has another cause (console output of a server without a host).
            if (allowed is null) continue;
            var expected = ServerStatus.Stable.Select(st => st.Value).Where(st => !allowed.Contains(st)).ToHashSet(StringComparer.Ordinal);
            var missing = expected.Except(listed).ToList();
            var extra = listed.Except(expected).ToList();
            if (missing.Count > 0 && !first.Scenario.HasTag(SampleTag))
                problems.Add($"{Where(first.Scenario)}: the 409 list of {name} misses {string.Join(", ", missing)} (catalogue: stable statuses minus allowedFrom [{string.Join(", ", allowed)}])");
            if (extra.Count > 0)
                problems.Add($"{Where(first.Scenario)}: the 409 list of {name} has {string.Join(", ", extra)}, which the catalogue allows (allowedFrom [{string.Join(", ", allowed)}])");
        }
        return problems;
    }

    public static IReadOnlyList<string> AcceptedStatusProblems(IReadOnlyList<ScenarioCase> scenarios, ActionCatalogue catalogue)
    {
        var problems = new List<string>();
        foreach (var s in scenarios)
        foreach (var c in Calls(s, catalogue))
        {
            if (ExpectedCode(s, c.StepIndex) is not { } code || code != c.Action.NormalCode) continue;
            if (GivenStatus(s, c.StepIndex) is not { } status || Allowed(c.Action, c.Variant) is not { } allowed) continue;
            if (!allowed.Contains(status))
                problems.Add($"{Where(s)} {s.ExampleRow}: expects {c.Action.Name} to be accepted from {status}, which is not in its allowedFrom [{string.Join(", ", allowed)}]");
        }
        return problems.Distinct().ToList();
    }

    public static IReadOnlyList<string> NormalCodeProblems(IReadOnlyList<ScenarioCase> scenarios, ActionCatalogue catalogue)
    {
        var problems = new List<string>();
        foreach (var s in scenarios)
        foreach (var c in Calls(s, catalogue))
        {
            if (ExpectedCode(s, c.StepIndex) is not { } code || code is < 200 or > 299) continue;
            if (code != c.Action.NormalCode)
                problems.Add($"{Where(s)}: expects {code} from {c.Action.Name}, but the catalogue's normalCode is {c.Action.NormalCode}");
        }
        return problems.Distinct().ToList();
    }

    public static IReadOnlyList<string> TagProblems(IReadOnlyList<ScenarioCase> scenarios, ActionCatalogue catalogue)
    {
        var problems = new List<string>();
        foreach (var s in scenarios)
        foreach (var c in Calls(s, catalogue))
            if (!s.HasTag("@action:" + c.Action.Name))
                problems.Add($"{Where(s)}: calls {c.Action.Name} but is not tagged @action:{c.Action.Name}");
        return problems.Distinct().ToList();
    }
}
