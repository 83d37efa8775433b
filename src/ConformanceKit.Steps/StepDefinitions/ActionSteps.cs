using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Steps that send a server action, named by its verb as the api-ref describes it.</summary>
[Binding]
public sealed class ActionSteps(ScenarioState state, ActionDriver actions)
{
    [When("the {actor} {action} the server")]
    public Task Acts(Role actor, ActionDefinition action) => actions.InvokeAsync(actor, action, null, state.RequireServer());

    [When("the {actor} {action} the server {variant}")]
    public Task ActsWithVariant(Role actor, ActionDefinition action, string variant) =>
        actions.InvokeAsync(actor, action, variant, state.RequireServer());

    [When("the {actor} {action} a server that does not exist")]
    public Task ActsOnMissing(Role actor, ActionDefinition action) =>
        actions.InvokeAsync(actor, action, null, ServerDriver.MissingId());

    [Given("the {actor} has locked the server")]
    public async Task HasLocked(Role actor)
    {
        var response = await actions.InvokeAsync(actor, ActionCatalogue.Default["lock"], null, state.RequireServer());
        if (response.Status != 202)
            throw new ScenarioBrokenException($"Locking the server to prepare the scenario answered {response}.");
        state.LastResponse = null;
    }
}
