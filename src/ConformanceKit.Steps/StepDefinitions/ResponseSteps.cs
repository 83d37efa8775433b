using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Checks on the last response: code, body, error shape.</summary>
[Binding]
public sealed class ResponseSteps(ScenarioState state, KitSession session, Drivers.ComputeHostDriver hosts)
{
    [Then("the response code is {int}")]
    public async Task TheResponseCodeIs(int expected)
    {
        var response = state.RequireResponse();
        if (response.Status == expected) return;
        var action = state.LastAction is { } a ? session.Catalogue.Find(a.Action) : null;
        if (response.Status == 501 && action is not null && action.ErrorCodes.Contains(501))
            throw new ScenarioNotSupportedException($"{action.Name} answered 501: this deployment's driver does not implement it ({response.ErrorMessage ?? "no message"}).");
        // The scheduler found no destination on a cloud with one compute host: the cloud's size, not a violation.
        if (response.Status == 400 && expected != 400 && action is { Name: "migrate" or "resize" or "os-migrateLive" or "evacuate" }
            && response.ErrorMessage?.StartsWith(DeploymentSettings.NoValidHost, StringComparison.Ordinal) == true
            && await hosts.SingleHostAsync().ConfigureAwait(false) is { } only)
            throw DeploymentSettings.NoSecondHost(only, resize: action.Name == "resize");
        if (response.Status >= 500)
            throw new ScenarioBrokenException($"The endpoint failed: expected HTTP {expected}, got {response}.");
        throw new ContractViolationException($"Expected HTTP {expected}: the api-ref documents {expected} here; the endpoint answered {response}.");
    }

    [Then("the response has no body")]
    public void TheResponseHasNoBody()
    {
        var response = state.RequireResponse();
        response.HasBody.Should().BeFalse($"the api-ref says this action returns no content, but the body was: {Truncate(response.Body)}");
    }

    [Then("the error kind is {word}")]
    public void TheErrorKindIs(string kind)
    {
        var response = state.RequireResponse();
        response.Json.Should().NotBeNull($"an error must have a JSON body {{\"{kind}\": {{\"code\", \"message\"}}}}; got: {Truncate(response.Body)}");
        response.ErrorKind.Should().Be(kind, $"Nova wraps errors as {{\"{kind}\": {{\"code\": N, \"message\": \"…\"}}}}; got: {Truncate(response.Body)}");
        var code = response.Json![kind]!["code"]?.GetValue<int>();
        code.Should().Be(response.Status, "the code inside the error body must equal the HTTP status");
        var expectedKind = NovaErrorKinds.For(response.Status);
        kind.Should().Be(expectedKind, $"Nova names HTTP {response.Status} errors '{expectedKind}'");
        response.ErrorMessage.Should().NotBeNullOrWhiteSpace("an error body carries a message");
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
