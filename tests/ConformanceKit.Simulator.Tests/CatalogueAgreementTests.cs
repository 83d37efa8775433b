using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Simulator.Validation;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Simulator.Tests;

/// <summary>
/// The simulator's request checks (<see cref="NovaSchemas"/>) are written independently of the catalogue on purpose: they
/// mirror Nova's own in-tree schemas, so that the kit's api-ref-derived contracts are tested against a second reading
/// (see the simulator's README). Where both state the same fact, the microversion at which a request field appears or
/// goes, this holds the simulator against the catalogue (catalogue/actions/NAME.json: the variants' windows and the
/// refinement rules' since/until), so that the duplication is deliberate and checked.
/// </summary>
[TestFixture]
public class CatalogueAgreementTests
{
    /// <summary>(action, field, boundary, present from the boundary on?, exact: refused on the other side too).</summary>
    public static IEnumerable<TestCaseData> Windows()
    {
        foreach (var action in ActionCatalogue.Default.Actions)
        {
            if (!NovaSchemas.ValidatedActions.Contains(action.Name)) continue;
            var file = JsonNode.Parse(CatalogueFiles.Read($"actions/{action.Name}.json"))!;
            var seen = new HashSet<string>();
            foreach (var doc in file["documents"]?.AsArray() ?? [])
            {
                if (doc!["operation"]!.GetValue<string>() != $"action.{action.Name}.request") continue;
                foreach (var rule in doc["rules"]?.AsArray() ?? [])
                {
                    var path = rule!["path"]!.GetValue<string>().Split('/', StringSplitOptions.RemoveEmptyEntries);
                    if (path.Length != 2 || path[0] != action.Name) continue;
                    // Only presence rules say when a field appears or goes; others refine its value within a window.
                    if (rule["presence"]?.GetValue<string>() is not { } presence) continue;
                    var present = presence != "absent";
                    if (rule["since"] is { } since && seen.Add($"{path[1]} since"))
                        yield return Case(action.Name, path[1], Microversion.Parse(since.GetValue<string>()), present, "refinement since", exact: true);
                    if (rule["until"] is { } until && seen.Add($"{path[1]} until"))
                        yield return Case(action.Name, path[1], Microversion.Parse(until.GetValue<string>()).Next, !present, "refinement until", exact: true);
                }
            }
            foreach (var (name, variant) in action.Variants)
            {
                if (variant.Microversions.Min is not { } min || min == action.Microversions.Min) continue;
                if (variant.Request?[action.Name] is not JsonObject fields) continue;
                var defaults = action.Default.Request?[action.Name] as JsonObject;
                foreach (var (field, _) in fields)
                    if (defaults?.ContainsKey(field) != true && seen.Add($"{field} since"))
                        yield return Case(action.Name, field, min, true, $"variant '{name}' sends it from there", exact: false);
            }
        }
    }

    private static TestCaseData Case(string action, string field, Microversion boundary, bool appears, string source, bool exact) =>
        new TestCaseData(action, field, boundary.ToString(), appears, exact)
            .SetName($"{action}.{field} {(appears ? "appears at" : "goes at")} {boundary} ({source})");

    [TestCaseSource(nameof(Windows))]
    public void The_simulator_accepts_a_request_field_in_the_catalogues_window(string action, string field, string boundaryText, bool appears, bool exact)
    {
        var boundary = Microversion.Parse(boundaryText);
        bool? Has(Microversion v) => NovaSchemas.ForAction(action, v) is { Properties: { } outer }
            && outer.FirstOrDefault(p => p.Name == action).Schema is { Properties: { } inner }
            ? inner.Any(p => p.Name == field)
            : null;

        var at = Has(boundary);
        var before = Has(boundary.Previous);
        if (at is null && before is null) Assert.Ignore($"the simulator does not check {action}'s fields at {boundary.Previous} and {boundary}");
        if (at is not null) at.Should().Be(appears, $"the catalogue says {action}.{field} {(appears ? "appears" : "goes")} at {boundary}; NovaSchemas at {boundary}");
        // A variant's window says from when the kit sends the field, which may be later than the field exists.
        if (exact && before is not null) before.Should().Be(!appears, $"the catalogue says {action}.{field} {(appears ? "appears" : "goes")} at {boundary}; NovaSchemas at {boundary.Previous}");
    }

    [Test]
    public void Every_simulator_handler_is_for_a_catalogue_action()
    {
        var handlers = ConformanceKit.Simulator.Backend.ActionHandlers.All(ActionCatalogue.Default).Keys;
        handlers.Should().BeEquivalentTo(ActionCatalogue.Default.Actions.Select(a => a.Name), "the simulator handles exactly the catalogue's actions");
    }
}
