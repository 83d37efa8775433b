using ConformanceKit.Steps.Support;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>--host-control: the operator's command, split like a shell would, run without one, its exit status the verdict.</summary>
[TestFixture]
public class HostControlTests
{
    [Test]
    public void Words_are_split_as_a_shell_would()
    {
        CommandHostControl.Split("ssh 'ops@bastion' \"fence \\\"x\\\"\" {action}  {host}")
            .Should().Equal("ssh", "ops@bastion", "fence \"x\"", "{action}", "{host}");
    }

    [TestCase("fence-compute {host}")]
    [TestCase("fence-compute {action}")]
    [TestCase("   ")]
    public void A_command_without_both_placeholders_is_refused_with_an_example(string template) =>
        FluentActions.Invoking(() => new CommandHostControl(template)).Should().Throw<ArgumentException>().WithMessage("*{action} and {host}*");

    [Test]
    public async Task The_action_and_host_are_arguments_and_a_non_zero_exit_is_reported()
    {
        var log = Path.GetTempFileName();
        try
        {
            // $0 is the action, $1 the host: a host name with shell characters stays one argument.
            var control = new CommandHostControl($"/bin/sh -c 'printf \"%s|%s\\n\" \"$0\" \"$1\" >> {log}; [ \"$0\" = stop ] || {{ echo refused >&2; exit 3; }}' {{action}} {{host}}");
            (await control.RunAsync("stop", "compute1; touch /tmp/nck-never", null!, CancellationToken.None)).Should().BeNull();
            var problem = await control.RunAsync("start", "compute1", null!, CancellationToken.None);
            problem.Should().Contain("exited 3").And.Contain("start compute1").And.Contain("refused");
            File.ReadAllLines(log).Should().Equal("stop|compute1; touch /tmp/nck-never", "start|compute1");
            File.Exists("/tmp/nck-never").Should().BeFalse();
        }
        finally { File.Delete(log); }
    }

    [Test]
    public async Task A_command_that_cannot_start_is_a_problem_not_a_crash()
    {
        var control = new CommandHostControl("/nonexistent/host-control {action} {host}");
        (await control.RunAsync("stop", "compute1", null!, CancellationToken.None)).Should().Contain("could not be started");
    }
}
