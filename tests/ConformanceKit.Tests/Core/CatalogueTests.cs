using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Tests.Core;

public class CatalogueTests
{
    private static readonly string[] AllActions =
    [
        "addSecurityGroup", "removeSecurityGroup", "addFloatingIp", "removeFloatingIp", "addFixedIp", "removeFixedIp",
        "changePassword", "createBackup", "createImage", "lock", "unlock", "pause", "unpause", "suspend", "resume",
        "os-start", "os-stop", "reboot", "rebuild", "rescue", "unrescue", "resize", "confirmResize", "revertResize",
        "shelve", "shelveOffload", "unshelve", "evacuate", "forceDelete", "restore", "trigger_crash_dump",
        "os-getConsoleOutput", "os-getVNCConsole", "os-getSPICEConsole", "os-getRDPConsole", "os-getSerialConsole",
        "injectNetworkInfo", "resetNetwork", "os-resetState", "migrate", "os-migrateLive",
    ];

    [Test]
    public void Holds_exactly_the_41_actions_nova_accepts() =>
        ActionCatalogue.Default.Actions.Select(a => a.Name).Should().BeEquivalentTo(AllActions);

    [Test]
    public void Every_api_ref_file_named_exists_in_the_reference()
    {
        var refDir = Path.Combine(RepoRoot.Find(), "..", "shared", "reference", "nova-api-ref");
        if (!Directory.Exists(refDir)) Assert.Ignore("the shared api-ref is not beside this checkout");
        foreach (var action in ActionCatalogue.Default.Actions)
        {
            var file = Path.Combine(refDir, action.ApiRefFile);
            File.Exists(file).Should().BeTrue($"{action.Name} cites {action.ApiRefFile}");
            File.ReadAllText(file).Should().Contain(action.Title, $"{action.Name}'s title must be a section of {action.ApiRefFile}");
        }
    }

    [Test]
    public void Windows_follow_the_api_ref()
    {
        var c = ActionCatalogue.Default;
        c["trigger_crash_dump"].Microversions.Contains(new Microversion(2, 16)).Should().BeFalse();
        c["trigger_crash_dump"].Microversions.Contains(new Microversion(2, 17)).Should().BeTrue();
        c["addFloatingIp"].Microversions.Contains(new Microversion(2, 44)).Should().BeFalse();
        c["os-getVNCConsole"].Microversions.Contains(new Microversion(2, 6)).Should().BeFalse();
        c["lock"].Variant("with reason").Microversions.Should().Be(MicroversionRange.Parse("2.73+"));
        c["confirmResize"].NormalCode.Should().Be(204);
        c["reboot"].Variant("HARD").AllowedFrom.Should().Contain(["PAUSED", "SHUTOFF"]);
        c["reboot"].Variant("SOFT").AllowedFrom.Should().Equal("ACTIVE");
    }

    [Test]
    public void Anchors_follow_sphinx() =>
        ActionCatalogue.Default["pause"].ApiRefUrl.ToString().Should().EndWith("#pause-server-pause-action");

    [Test]
    public void An_inconsistent_catalogue_is_rejected_with_every_problem()
    {
        var json = """
            { "stableStatuses": ["ACTIVE"], "actions": [
              { "name": "pause", "verb": "pauses", "title": "t", "apiRef": "f", "policy": "owner", "normalCode": 202, "samples": "s", "request": { "pause": null } },
              { "name": "resume", "verb": "resumes", "title": "t", "apiRef": "f", "policy": "someone", "normalCode": 202, "samples": "s", "request": { "resume": null } },
              { "name": "unpause", "verb": "pauses", "title": "t", "apiRef": "f", "policy": "owner", "normalCode": 404, "samples": "s", "allowedFrom": ["PAWSED"], "request": { "x": null } }
            ] }
            """;
        var act = () => ActionCatalogue.Parse(json);
        act.Should().Throw<CatalogueException>().Which.Problems.Should().HaveCount(5)
            .And.Contain(p => p.Contains("someone"))
            .And.Contain(p => p.Contains("PAWSED"))
            .And.Contain(p => p.Contains("404"))
            .And.Contain(p => p.Contains("keyed by the action name"))
            .And.Contain(p => p.Contains("verb 'pauses'"));
    }
}
