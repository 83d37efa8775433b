using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using Reqnroll;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using FluentAssertions;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>
/// Microversion negotiation against the range the endpoint advertises in its version document (not the kit's):
/// outside it 406 naming the range, "latest" and no header, and the headers that say what was served.
/// </summary>
[Binding]
public sealed class NegotiationSteps(KitSession session, ScenarioState state, ScenarioClients clients, RequestBodies bodies, ScenarioContext context)
{
    [When("the {actor} {action} the server at the advertised maximum plus one")]
    public Task AboveMaximum(Role actor, ActionDefinition action) =>
        SendAsync(actor, action, $"compute {session.Api.MaxVersion.Next}", session.Api.MaxVersion.Next.ToString());

    [When("the {actor} {action} the server at the advertised maximum")]
    public Task AtMaximum(Role actor, ActionDefinition action)
    {
        RequireKnown(session.Api.MaxVersion);
        return SendAsync(actor, action, $"compute {session.Api.MaxVersion}", session.Api.MaxVersion.ToString());
    }

    [When("the {actor} {action} the server asking for the latest microversion")]
    public Task AtLatest(Role actor, ActionDefinition action)
    {
        RequireKnown(session.Api.MaxVersion);
        return SendAsync(actor, action, "compute latest", "latest");
    }

    [When("the {actor} {action} the server without a microversion header")]
    public Task WithoutHeader(Role actor, ActionDefinition action) => SendAsync(actor, action, null, null);

    [Then("the error message names the endpoint's microversion range")]
    public void MessageNamesTheRange()
    {
        var response = state.RequireResponse();
        var message = response.ErrorMessage ?? "";
        var (min, max) = (session.Api.MinVersion.ToString(), session.Api.MaxVersion.ToString());
        bool Names(string v) => Regex.IsMatch(message, $@"(?<![\d.]){Regex.Escape(v)}(?![\d])");
        (Names(min) && Names(max)).Should().BeTrue(
            $"a 406 names the range the endpoint serves ({min} to {max}, as its version document says); the message was '{message}'");
    }

    [Then("the microversion headers echo the advertised {word}")]
    public void HeadersEchoAdvertised(string which)
    {
        var expected = which switch
        {
            "maximum" => session.Api.MaxVersion,
            "minimum" => session.Api.MinVersion,
            _ => throw new InvalidOperationException($"'{which}' is neither maximum nor minimum."),
        };
        var response = state.RequireResponse();
        response.Header("OpenStack-API-Version").Should().NotBeNull($"Nova names the microversion it served in OpenStack-API-Version (compute {expected})");
        response.EchoedMicroversion.Should().Be(expected, $"the endpoint serves {expected} for this request; OpenStack-API-Version was '{response.Header("OpenStack-API-Version")}'");
        response.EchoedLegacyMicroversion.Should().Be(expected, $"X-OpenStack-Nova-API-Version must say {expected} too; it was '{response.Header("X-OpenStack-Nova-API-Version")}'");
    }

    /// <summary>Checking a response above what the kit knows would judge it against schemas the kit does not have.</summary>
    private static void RequireKnown(Microversion mv)
    {
        if (!KitOptions.KnownRange.Contains(mv))
            throw new ScenarioSkippedException($"The endpoint's maximum {mv} is above the microversions the kit knows ({KitOptions.KnownRange}); the kit judges only what it knows.");
    }

    /// <summary>Sends the action with exactly these version headers (none when null); the body is the action's default.</summary>
    private async Task SendAsync(Role actor, ActionDefinition action, string? header, string? legacy)
    {
        await bodies.PrepareAsync(action.Default).ConfigureAwait(false);
        var body = bodies.Build(action, action.Default)?.ToJsonString() ?? "null";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (header is not null) headers["OpenStack-API-Version"] = header;
        if (legacy is not null) headers["X-OpenStack-Nova-API-Version"] = legacy;
        context.AddParameter("microversion", legacy ?? "(no header)");
        state.Before = null;
        state.LastResponse = await clients[actor].SendAsync(HttpMethod.Post, Client.NovaUrls.ServerAction(state.RequireServer()), null, body,
            extraHeaders: headers).ConfigureAwait(false);
        state.LastAction = (action.Name, null);
    }
}
