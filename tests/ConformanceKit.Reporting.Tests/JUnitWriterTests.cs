using System.Xml.Linq;
using ConformanceKit.Core.Results;
using ConformanceKit.Reporting.JUnit;

namespace ConformanceKit.Reporting.Tests;

public class JUnitWriterTests
{
    private static XDocument Write(params ScenarioResult[] results)
    {
        var path = Path.Combine(Fakes.TempDir("junit"), "junit.xml");
        new JUnitWriter().Write(path, results, Fakes.Run());
        return XDocument.Load(path);
    }

    [Test]
    public void Totals_count_failures_errors_and_skips_per_suite_and_overall()
    {
        var doc = Write(
            Fakes.Scenario("pause-normal", Outcome.Passed),
            Fakes.Scenario("pause-conflict[status=PAUSED]", Outcome.Failed),
            Fakes.Scenario("pause-missing", Outcome.Broken),
            Fakes.Scenario("pause-microversion", Outcome.Skipped),
            Fakes.Scenario("lock-normal", Outcome.Passed, action: "lock", feature: "Lock and unlock a server") with { FeatureFile = "features/lock.feature" },
            Fakes.Scenario("crash-dump", Outcome.NotSupported, action: "trigger_crash_dump", feature: "Crash dump") with { FeatureFile = "features/crash-dump.feature" });

        var root = doc.Root!;
        root.Name.LocalName.Should().Be("testsuites");
        ((int)root.Attribute("tests")!).Should().Be(6);
        ((int)root.Attribute("failures")!).Should().Be(1);
        ((int)root.Attribute("errors")!).Should().Be(1);
        ((int)root.Attribute("skipped")!).Should().Be(2);

        var suites = root.Elements("testsuite").ToList();
        suites.Select(s => (string)s.Attribute("name")!).Should().Equal("Crash dump", "Lock and unlock a server", "Pause and unpause a server");
        var pause = suites[2];
        ((int)pause.Attribute("tests")!).Should().Be(4);
        ((int)pause.Attribute("failures")!).Should().Be(1);
        ((int)pause.Attribute("errors")!).Should().Be(1);
        ((int)pause.Attribute("skipped")!).Should().Be(1);
        pause.Elements("testcase").Should().HaveCount(4);
        ((int)suites[0].Attribute("skipped")!).Should().Be(1, "not supported counts as skipped");
    }

    [Test]
    public void Testcases_carry_classname_name_time_and_the_right_child_element()
    {
        var doc = Write(
            Fakes.Scenario("pause-normal", Outcome.Passed),
            Fakes.Scenario("pause-conflict[status=PAUSED]", Outcome.Failed),
            Fakes.Scenario("pause-missing", Outcome.Broken),
            Fakes.Scenario("pause-timeout", Outcome.Broken, message: "Kit error: undefined step"),
            Fakes.Scenario("pause-microversion", Outcome.Skipped),
            Fakes.Scenario("crash-dump", Outcome.NotSupported, action: "trigger_crash_dump"));
        var cases = doc.Descendants("testcase").ToDictionary(c => ((string)c.Element("system-out")!).Split('\n')[0]["id: ".Length..]);

        var passed = cases["pause-normal"];
        ((string)passed.Attribute("classname")!).Should().Be("features/pause.feature");
        ((string)passed.Attribute("name")!).Should().Be("Scenario pause-normal");
        ((string)passed.Attribute("time")!).Should().Be("1.500");
        passed.Elements().Select(e => e.Name.LocalName).Should().Equal("system-out");

        var failure = cases["pause-conflict[status=PAUSED]"].Element("failure")!;
        ((string)failure.Attribute("type")!).Should().Be("contract-violation");
        ((string)failure.Attribute("message")!).Should().Be("expected response code 202, got 409");
        failure.Value.Should().Contain("at step: When the owner pauses the server");

        ((string)cases["pause-missing"].Element("error")!.Attribute("type")!).Should().Be("endpoint-fault");
        ((string)cases["pause-timeout"].Element("error")!.Attribute("type")!).Should().Be("kit-or-configuration-error");
        ((string)cases["pause-microversion"].Element("skipped")!.Attribute("message")!).Should().StartWith("needs microversion 2.17");
        ((string)cases["crash-dump"].Element("skipped")!.Attribute("message")!).Should().StartWith("not supported by this deployment: ");
    }

    [Test]
    public void Run_metadata_are_suite_properties()
    {
        var doc = Write(Fakes.Scenario("pause-normal", Outcome.Passed));
        var props = doc.Descendants("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        props.Should().Contain("endpoint", "http://127.0.0.1:8774/v2.1")
            .And.Contain("nova.microversions", "2.1-2.93")
            .And.Contain("run.id", "nck-7f3a")
            .And.Contain("kit.version", "0.1.0");
    }

    [Test]
    public void Control_characters_in_messages_do_not_break_the_xml()
    {
        var doc = Write(Fakes.Scenario("odd", Outcome.Failed, message: "bad \u0001byte and emoji \U0001F600"));
        ((string)doc.Descendants("failure").Single().Attribute("message")!).Should().Be("bad byte and emoji \U0001F600");
    }
}
