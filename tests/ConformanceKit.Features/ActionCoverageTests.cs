using ConformanceKit.Cli.Hosting;
using ConformanceKit.Core.Catalogue;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// The features against the action catalogue: every documented action has at least one scenario tagged
/// <c>@action:&lt;name&gt;</c>, and every <c>@action:</c> tag names a catalogue action. Runs without a target.
/// </summary>
[TestFixture]
public class ActionCoverageTests
{
    private const string ActionTag = "@action:";

    /// <summary>Every scenario of features/, unfiltered (NCK_TAGS does not apply here).</summary>
    private static readonly Lazy<IReadOnlyList<(string Id, IReadOnlyCollection<string> Tags)>> All = new(() =>
        ConformanceHost.Discover(Path.Combine(RepoRoot.Find(), "features"), null).Scenarios
            .Select(s => (s.Id, (IReadOnlyCollection<string>)s.Tags.ToList()))
            .ToList());

    public static IEnumerable<TestCaseData> Actions() =>
        ActionCatalogue.Default.Actions.Select(a => new TestCaseData(a.Name).SetName($"Action_{a.Name}_has_a_scenario"));

    [TestCaseSource(nameof(Actions))]
    public void Every_catalogue_action_has_a_scenario(string action)
    {
        var tagged = All.Value.Where(s => s.Tags.Contains(ActionTag + action)).Select(s => s.Id).ToList();
        Assert.That(tagged, Is.Not.Empty,
            $"No scenario in features/ is tagged {ActionTag}{action}; the catalogue documents {action}, so add a feature for it (see features/pause.feature for the style).");
    }

    [Test]
    public void Every_action_tag_names_a_catalogue_action()
    {
        var unknown = All.Value
            .SelectMany(s => s.Tags.Where(t => t.StartsWith(ActionTag, StringComparison.Ordinal)).Select(t => (s.Id, Name: t[ActionTag.Length..])))
            .Where(t => ActionCatalogue.Default.Find(t.Name) is null)
            .Select(t => $"{t.Id}: {ActionTag}{t.Name}")
            .Distinct()
            .ToList();
        Assert.That(unknown, Is.Empty, "These @action tags name no catalogue action (check the spelling against actions.json):\n" + string.Join("\n", unknown));
    }

    [Test]
    public void Every_scenario_has_an_action_tag()
    {
        var untagged = All.Value.Where(s => !s.Tags.Any(t => t.StartsWith(ActionTag, StringComparison.Ordinal))).Select(s => s.Id).ToList();
        Assert.That(untagged, Is.Empty, "Every scenario must say which action it checks with an @action:<name> tag:\n" + string.Join("\n", untagged));
    }
}
