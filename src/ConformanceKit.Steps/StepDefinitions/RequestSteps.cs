using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Requests whose body is written out in the feature, to check how malformed bodies are refused.</summary>
[Binding]
public sealed class RequestSteps(ScenarioState state, RawRequestDriver raw)
{
    /// <summary>POSTs the doc string as it is (Content-Type application/json) to the server's action URL.</summary>
    [When("the {actor} posts this body to the server's action URL:")]
    public Task PostsBody(Role actor, string body) => raw.PostActionAsync(actor, state.RequireServer(), body);
}
