using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>Console output and remote consoles.</summary>
[Binding]
public sealed class ConsoleSteps(ScenarioState state, ConsoleDriver consoles)
{
    [When("the {actor} asks for the last {int} lines of the server's console output")]
    public Task AsksForLines(Role actor, int lines) => consoles.OutputAsync(actor, lines);

    [Then("the console output has {int} lines")]
    public void OutputHasLines(int lines)
    {
        var output = ConsoleDriver.Output(state.RequireResponse());
        output.Should().NotBeNull("the body is {\"output\": \"…\"}");
        ConsoleDriver.Lines(output!).Should().HaveCount(lines, $"{lines} lines were asked for and a booted server has logged more than that; the output was:\n{output}");
    }

    /// <summary>
    /// 200 with {"console": {"type", "url"}}. A deployment that has this console type disabled answers the documented
    /// 400 "Unavailable console type" (or 501 where the driver lacks it): that is reported as not supported, not failed.
    /// </summary>
    [Then("the console is granted")]
    public void ConsoleIsGranted()
    {
        var response = state.RequireResponse();
        if (ConsoleDriver.RemovedAnswer(state.LastAction?.Action, response) is { } removed)
            throw new ScenarioNotSupportedException(removed);
        if (ConsoleDriver.IsDisabledConsoleAnswer(response))
            throw new ScenarioNotSupportedException($"This deployment does not offer the console type: it answered {response}.");
        response.Status.Should().Be(200, $"a granted console answers 200; the endpoint answered {response}");
        var console = response.Json?["console"];
        console.Should().NotBeNull("the body is {\"console\": {\"type\", \"url\"}}");
        console!["type"]?.ToString().Should().Be(consoles.RequestedType(), "the console has the type that was asked for");
        Uri.TryCreate(console["url"]?.ToString(), UriKind.Absolute, out _).Should().BeTrue("the console's url is an absolute URL");
    }
}
