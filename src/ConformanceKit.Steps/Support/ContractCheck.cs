using System.Text.Json.Nodes;
using ConformanceKit.Client;
using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;
using ConformanceKit.Gherkin;
using Reqnroll;

namespace ConformanceKit.Steps.Support;

/// <summary>A response broke the JSON Schema derived from Nova's api-samples for its operation and microversion.</summary>
public sealed class ContractViolationException(string message) : Exception(message);

/// <summary>
/// Validates every exchange a scenario makes against the schema registry: the request bodies the kit builds (a
/// violation there is a kit bug) and every response (a violation there is the endpoint's). Warnings, such as a
/// tolerated vendor extension, are kept as attachments.
/// </summary>
public sealed class ContractCheck(KitSession session, ScenarioContext context)
{
    /// <summary>Before sending: the kit's own request body must follow the api-ref.</summary>
    public void Request(string action, Microversion mv, JsonNode? body)
    {
        var result = session.Contracts.ValidateActionRequest(action, mv, body?.ToJsonString() ?? "null");
        if (!result.IsValid)
            throw new ScenarioBrokenException($"Kit error: the {action} request body the kit built breaks the api-ref schema at {mv}: {result.Describe()}");
    }

    /// <summary>After an action: the success body (or its absence) or the error body must follow the schema.</summary>
    public void ActionResponse(string action, Microversion mv, NovaResponse response)
    {
        if (response.Status >= 500 && response.Status != 501) return; // an endpoint fault, reported by the code check
        var result = response.Status < 400
            ? session.Contracts.ValidateActionResponse(action, mv, response.HasBody ? response.Body : null)
            : session.Contracts.ValidateError(response.Status, mv, response.Body);
        Judge(result, $"{action} response (HTTP {response.Status}) at {mv}");
    }

    /// <summary>A GET /servers/{id} response.</summary>
    public void Server(Microversion mv, NovaResponse response)
    {
        if (response.Status != 200) return;
        Judge(session.Contracts.Validate(Contracts.Operations.ServerGet, mv, response.Body), $"GET server at {mv}");
    }

    private void Judge(ContractResult result, string what)
    {
        if (result.Warnings.Count > 0)
            context.Attach($"contract warnings: {what}", "text/plain", string.Join("\n", result.Warnings));
        if (!result.IsValid)
            throw new ContractViolationException($"Contract violation in the {what}: {result.Describe()}");
    }
}
