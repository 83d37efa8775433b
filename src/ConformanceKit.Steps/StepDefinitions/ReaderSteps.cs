using ConformanceKit.Gherkin;
using Reqnroll;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>What a reader of the owner's project may do besides actions: read the server.</summary>
[Binding]
public sealed class ReaderSteps(KitSession session, ScenarioState state, ScenarioClients clients)
{
    /// <summary>GET /servers/{id} as the reader answers 200: the reader belongs to the owner's project.</summary>
    [Given("the reader sees the server")]
    public async Task ReaderSeesTheServer()
    {
        var response = await clients[Role.Reader].GetServerAsync(state.RequireServer(), session.Latest).ConfigureAwait(false);
        if (response.Status != 200)
            throw new ContractViolationException($"A reader of the owner's project may read its servers (PROJECT_READER_OR_ADMIN); GET /servers/{{id}} as the reader answered {response}.");
    }
}
