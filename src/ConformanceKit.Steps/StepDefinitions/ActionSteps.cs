using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Steps that send a server action, named by its verb as the api-ref describes it.</summary>
[Binding]
public sealed class ActionSteps(ScenarioState state, ActionDriver actions, ServerDriver servers, RequestBodies bodies)
{
    [When("the {actor} {action} the server")]
    public Task Acts(Role actor, ActionDefinition action) => ActAsync(actor, action, null);

    [When("the {actor} {action} the server {variant}")]
    public Task ActsWithVariant(Role actor, ActionDefinition action, string variant) => ActAsync(actor, action, variant);

    [When("the {actor} {action} a server that does not exist")]
    public async Task ActsOnMissing(Role actor, ActionDefinition action)
    {
        await bodies.PrepareForMissingServerAsync(action.Default).ConfigureAwait(false);
        await actions.InvokeAsync(actor, action, null, ServerDriver.MissingId()).ConfigureAwait(false);
    }

    /// <summary>Sends the action at the scenario's microversion even where the api-ref says it does not exist (expecting 404).</summary>
    [When("the {actor} {action} the server outside the action's microversions")]
    public async Task ActsOutsideWindow(Role actor, ActionDefinition action)
    {
        var mv = state.EffectiveMicroversion;
        if (action.Microversions.Contains(mv))
            throw new InvalidOperationException($"The scenario runs at {mv}, where the api-ref documents {action.Name} ({action.Microversions}); choose a microversion outside that range.");
        await bodies.PrepareAsync(action.Default).ConfigureAwait(false);
        await actions.SendAsync(actor, action, null, state.RequireServer(), mv, outsideWindow: true).ConfigureAwait(false);
    }

    /// <summary>Sends a body variant at the scenario's microversion where the api-ref says the variant's parameter does not exist yet (or any more).</summary>
    [When("the {actor} {action} the server {variant} outside the variant's microversions")]
    public async Task ActsWithVariantOutsideWindow(Role actor, ActionDefinition action, string variant)
    {
        var mv = state.EffectiveMicroversion;
        var v = action.Variant(variant);
        if (v.Microversions.Contains(mv))
            throw new InvalidOperationException($"The scenario runs at {mv}, where the api-ref documents {action.Name} {variant} ({v.Microversions}); choose a microversion outside that range.");
        await bodies.PrepareAsync(v).ConfigureAwait(false);
        await actions.SendAsync(actor, action, variant, state.RequireServer(), mv, outsideWindow: true).ConfigureAwait(false);
    }

    [Given("the {actor} has locked the server")]
    public async Task HasLocked(Role actor)
    {
        var response = await actions.InvokeAsync(actor, ActionCatalogue.Default["lock"], null, state.RequireServer());
        if (response.Status != 202)
            throw new ScenarioBrokenException($"Locking the server to prepare the scenario answered {response}.");
        state.LastResponse = null;
    }

    /// <summary>Remembers the server as it was (status, host, flavor) so that Then steps can compare, then acts.</summary>
    private async Task ActAsync(Role actor, ActionDefinition action, string? variant)
    {
        state.Before = await servers.ViewAsync(null).ConfigureAwait(false);
        state.StatusBefore = state.Before.Status;
        await bodies.PrepareAsync(action.Variant(variant)).ConfigureAwait(false);
        var response = await actions.InvokeAsync(actor, action, variant, state.RequireServer()).ConfigureAwait(false);
        if (action.Name is "createImage" or "createBackup" && response.Status == 202 && NewImageId(response) is { } image)
            state.CreatedImages.Add(image);
    }

    /// <summary>The new image's id: {"image_id"} from 2.45, the last segment of the Location URL before.</summary>
    private static string? NewImageId(Client.NovaResponse response)
    {
        var id = response.Json?["image_id"]?.ToString()
            ?? (Uri.TryCreate(response.Header("Location"), UriKind.Absolute, out var url) ? url.AbsolutePath.TrimEnd('/').Split('/')[^1] : null);
        return Guid.TryParse(id, out _) ? id : null;
    }
}
