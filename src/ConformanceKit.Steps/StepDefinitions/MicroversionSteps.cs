using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Choosing the microversion of a scenario and checking that the endpoint echoes it.</summary>
[Binding]
public sealed class MicroversionSteps(ScenarioState state, KitSession session, ScenarioContext context)
{
    [Given("microversion {microversion}")]
    public void Microversion(RequestedMicroversion requested)
    {
        var mv = requested.Resolve(session);
        if (!session.Usable.Contains(mv))
            throw new ScenarioSkippedException($"This scenario needs microversion {mv}; the endpoint supports {session.Api.Range}.");
        state.Microversion = mv;
        context.AddParameter("microversion", mv.ToString());
    }

    [Then("the microversion headers echo {microversion}")]
    public void TheHeadersEcho(RequestedMicroversion requested)
    {
        var response = state.RequireResponse();
        var mv = requested.Resolve(session);
        response.Header("OpenStack-API-Version").Should().NotBeNull("Nova echoes the negotiated microversion in OpenStack-API-Version");
        response.EchoedMicroversion.Should().Be(mv, $"the request asked for compute {mv}; header was '{response.Header("OpenStack-API-Version")}'");
        response.EchoedLegacyMicroversion.Should().Be(mv, $"the legacy X-OpenStack-Nova-API-Version header must echo {mv} too");
    }
}
