using System.Text.Json.Nodes;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Checks on response bodies that carry data: a generated password, the rebuilt server.</summary>
/// <remarks>Passwords are never written to messages; the SecretMasker masks adminPass fields in every record.</remarks>
[Binding]
public sealed class BodySteps(ScenarioState state)
{
    /// <summary>rescue and evacuate (before 2.14) answer {"adminPass"}; rebuild answers {"server": {…, "adminPass"}}.</summary>
    [Then("the body carries an adminPass")]
    public void CarriesAdminPass()
    {
        var json = RequireJson();
        var (pass, where) = json["server"] is JsonObject server ? (server["adminPass"], "{\"server\": {\"adminPass\": …}}") : (json["adminPass"], "{\"adminPass\": …}");
        (pass is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
            .Should().BeTrue($"the body must carry the new password as {where}, a non-empty string");
    }

    [Then("the body describes the rebuilt server")]
    public void DescribesTheRebuiltServer()
    {
        var server = RequireJson()["server"] as JsonObject;
        server.Should().NotBeNull("rebuild answers {\"server\": {…}}");
        server!["id"]?.ToString().Should().Be(state.RequireServer(), "the body describes the server that was rebuilt");
        server["status"]?.ToString().Should().NotBeNullOrEmpty("the rebuilt server's status is part of the body");
    }

    private JsonNode RequireJson()
    {
        var response = state.RequireResponse();
        response.Json.Should().NotBeNull($"the body must be JSON; it was {(response.HasBody ? "not JSON" : "empty")}");
        return response.Json!;
    }
}
