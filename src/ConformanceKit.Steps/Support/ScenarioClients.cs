using ConformanceKit.Client;

namespace ConformanceKit.Steps.Support;

/// <summary>The clients a scenario uses, one per role; their exchanges are recorded in the scenario's log.</summary>
public sealed class ScenarioClients(KitSession session, ScenarioState state)
{
    private readonly Dictionary<Role, NovaClient> _clients = [];

    public NovaClient this[Role role]
    {
        get
        {
            if (!_clients.TryGetValue(role, out var client))
                _clients[role] = client = session[role].ClientRecordingTo(session.Http, state.Exchanges);
            return client;
        }
    }
}
