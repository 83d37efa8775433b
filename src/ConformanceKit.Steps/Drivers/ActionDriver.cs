using ConformanceKit.Gherkin;
using ConformanceKit.Client;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.Drivers;

/// <summary>Sends server actions built from the catalogue and remembers the response.</summary>
public sealed class ActionDriver(KitSession session, ScenarioState state, ScenarioClients clients, RequestBodies bodies, ContractCheck contracts,
    ScenarioContext context)
{
    /// <summary>
    /// Sends <paramref name="action"/> as <paramref name="role"/>. The microversion is the scenario's (or the endpoint's latest);
    /// a scenario asking for an action outside its documented window is a feature bug and fails here, unless
    /// <paramref name="outsideWindow"/> says the request is sent there on purpose (its body is then not checked against a schema).
    /// </summary>
    public async Task<NovaResponse> SendAsync(Role role, ActionDefinition action, string? variantName, string serverId, Microversion? microversion, bool record = true, bool outsideWindow = false)
    {
        var variant = action.Variant(variantName);
        var mv = microversion ?? state.EffectiveMicroversion;
        var body = bodies.Build(action, variant);
        // Outside the action's window the api-ref has no request schema to meet: the request is expected to be refused.
        if (!outsideWindow) contracts.Request(action.Name, mv, body);
        var response = await clients[role].ActionAsync(serverId, body, mv).ConfigureAwait(false);
        if (record)
        {
            state.LastResponse = response;
            state.LastAction = (action.Name, variantName);
            // The checked request's identity and body variant, for the report (the microversion is recorded already).
            context.AddParameter("auth role", role switch
            {
                Role.Owner => "owner (project member)",
                Role.Reader => "reader of the owner's project",
                Role.Admin => "admin",
                _ => "member of another project",
            });
            if (variantName is not null) context.AddParameter("body variant", variantName);
        }
        contracts.ActionResponse(action.Name, mv, response);
        return response;
    }

    /// <summary>Sends the action at the scenario's microversion, skipping when the action does not exist there.</summary>
    public async Task<NovaResponse> InvokeAsync(Role role, ActionDefinition action, string? variantName, string serverId)
    {
        var mv = state.EffectiveMicroversion;
        var variant = action.Variant(variantName);
        if (!variant.Microversions.Contains(mv))
        {
            if (state.Microversion is not null)
                throw new InvalidOperationException($"The scenario asks for {action.Name} at {mv}, but the api-ref documents it for {variant.Microversions} only.");
            // The endpoint's latest is outside the action's window: use the highest microversion where it exists.
            var inWindow = variant.Microversions.Intersect(session.Usable)
                ?? throw new Gherkin.ScenarioSkippedException($"{action.Name} exists at {variant.Microversions}; this endpoint supports {session.Usable}.");
            mv = inWindow.Max ?? session.Latest;
        }
        return await SendAsync(role, action, variantName, serverId, mv).ConfigureAwait(false);
    }
}
