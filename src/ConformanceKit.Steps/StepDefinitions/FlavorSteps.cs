using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>The server's flavor after a resize, its confirmation or its revert.</summary>
[Binding]
public sealed class FlavorSteps(KitSession session, FlavorDriver flavors)
{
    [Then("the server has the other flavor")]
    public async Task HasTheOtherFlavor()
    {
        var other = session.OtherFlavorRef ?? throw new ScenarioSkippedException("The endpoint offers only one flavor; name a second one with --other-flavor.");
        var (matches, shown, expected) = await flavors.HasFlavorAsync(other);
        matches.Should().BeTrue($"the server was resized to {expected}, but it shows {shown}");
    }

    [Then("the server has the original flavor")]
    public async Task HasTheOriginalFlavor()
    {
        var (matches, shown, expected) = await flavors.HasFlavorAsync(session.FlavorRef);
        matches.Should().BeTrue($"the server was created with {expected} and must have it again, but it shows {shown}");
    }
}
