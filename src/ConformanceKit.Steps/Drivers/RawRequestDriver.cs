using ConformanceKit.Client;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.Drivers;

/// <summary>Sends action requests whose body is given as text, so that it can be malformed on purpose.</summary>
public sealed class RawRequestDriver(ScenarioState state, ScenarioClients clients)
{
    public async Task<NovaResponse> PostActionAsync(Role role, string serverId, string body)
    {
        var response = await clients[role].RawActionAsync(serverId, body, "application/json", state.EffectiveMicroversion).ConfigureAwait(false);
        state.LastResponse = response;
        state.LastAction = null;
        return response;
    }
}
