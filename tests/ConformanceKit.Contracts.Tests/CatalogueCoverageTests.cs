using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Contracts.Tests;

/// <summary>Every action of the catalogue has its contract: a request schema, and a response schema exactly where it answers with a body.</summary>
public class CatalogueCoverageTests
{
    private static readonly Microversion KnownMax = Microversion.Parse("2.104");

    private static IEnumerable<Microversion> All(MicroversionRange range)
    {
        for (var v = range.Min ?? Microversion.Minimum; v <= (range.Max ?? KnownMax); v = v.Next) yield return v;
    }

    public static IEnumerable<TestCaseData> Actions() =>
        ActionCatalogue.Default.Actions.Select(a => new TestCaseData(a.Name).SetName($"Contract covers {a.Name}"));

    [Test]
    public void The_catalogue_has_41_actions() => ActionCatalogue.Default.Actions.Should().HaveCount(41);

    [TestCaseSource(nameof(Actions))]
    public void Each_action_has_a_request_schema_at_every_microversion_it_exists(string name)
    {
        var action = ActionCatalogue.Default[name];
        foreach (var mv in All(action.Microversions))
            Repo.Registry.Select(Operations.ActionRequest(name), mv).Should().NotBeNull($"{name} exists at {mv}");
        var outside = action.Microversions.Max is { } max && max < KnownMax ? max.Next : (Microversion?)null;
        if (outside is { } o) Repo.Registry.Select(Operations.ActionRequest(name), o).Should().BeNull($"{name} is gone at {o}");
    }

    [TestCaseSource(nameof(Actions))]
    public void Each_action_has_a_response_schema_exactly_where_it_answers_with_a_body(string name)
    {
        var action = ActionCatalogue.Default[name];
        var operation = Operations.ActionResponse(name);
        foreach (var mv in All(action.Microversions))
        {
            var hasBody = action.Response.HasBodyAt(mv);
            var schema = Repo.Registry.Knows(operation) ? Repo.Registry.Select(operation, mv) : null;
            if (hasBody) schema.Should().NotBeNull($"{name} answers with a body at {mv}");
            else schema.Should().BeNull($"{name} answers without a body at {mv}");
        }
    }

    [Test]
    public void The_rebuild_response_and_the_server_rebuild_schema_are_the_same_files()
    {
        foreach (var mv in All(MicroversionRange.Parse("2.1-2.104")))
            Repo.Registry.Select(Operations.ActionResponse("rebuild"), mv)!.File
                .Should().Be(Repo.Registry.Select(Operations.ServerRebuild, mv)!.File);
    }

    [Test]
    public void Server_get_and_rebuild_have_a_schema_at_every_microversion_from_2_1_to_2_104()
    {
        foreach (var mv in All(MicroversionRange.Parse("2.1-2.104")))
        {
            Repo.Registry.Select(Operations.ServerGet, mv).Should().NotBeNull(mv.ToString());
            Repo.Registry.Select(Operations.ServerRebuild, mv).Should().NotBeNull(mv.ToString());
        }
    }
}
