using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>
/// The action features can fail: against a simulator that breaks one rule, the scenario of each action group that checks
/// that rule fails, with a message naming the breakage. Complements <see cref="FaultProfileTests"/> (pause and lock).
/// </summary>
[TestFixture]
[NonParallelizable]
public class ActionFaultTests
{
    [TestCase("no-effect", "resize-normal[status=ACTIVE]", "was resized to")]
    [TestCase("no-effect", "migrate-normal[status=ACTIVE]", "moved away from")]
    [TestCase("no-effect", "live-migrate-normal[status=PAUSED]", "moved away from")]
    [TestCase("no-effect", "evacuate-normal[status=SHUTOFF, settled=SHUTOFF]", "moved away from")]
    [TestCase("no-effect", "add-security-group-normal", "security group was added")]
    [TestCase("no-effect", "remove-security-group-normal", "the api-ref documents 202")] // the group was never added
    [TestCase("no-effect", "add-floating-ip-normal", "was associated with the server")]
    [TestCase("no-effect", "remove-floating-ip-normal", "the api-ref documents 202")] // the address was never associated
    [TestCase("no-effect", "console-output-normal", "lines were asked for")]
    [TestCase("missing-409", "rescue-conflict[status=PAUSED]", "the api-ref documents 409")]
    [TestCase("missing-409", "crash-dump-conflict[status=SHUTOFF]", "the api-ref documents 409")]
    [TestCase("missing-409", "restore-conflict[status=ACTIVE]", "the api-ref documents 409")]
    [TestCase("missing-409", "create-backup-conflict[status=RESCUE]", "the api-ref documents 409")]
    [TestCase("missing-409", "live-migrate-conflict[status=SHUTOFF]", "the api-ref documents 409")]
    [TestCase("lock-ignored", "rebuild-locked", "the api-ref documents 409")]
    [TestCase("lock-ignored", "shelve-locked", "the api-ref documents 409")]
    [TestCase("lock-ignored", "change-password-locked", "the api-ref documents 409")]
    [TestCase("policy-open", "migrate-policy", "the api-ref documents 403")]
    [TestCase("policy-open", "evacuate-policy", "the api-ref documents 403")]
    [TestCase("policy-open", "shelve-offload-policy", "the api-ref documents 403")]
    [TestCase("policy-open", "inject-network-info-policy", "the api-ref documents 403")]
    [TestCase("project-open", "other-project-rescue[verb=rescues]", "the api-ref documents 404")]
    [TestCase("project-open", "other-project-forceDelete[verb=force-deletes]", "the api-ref documents 404")]
    [TestCase("wrong-code", "rebuild-normal[status=ACTIVE, settled=ACTIVE]", "the api-ref documents 202")]
    [TestCase("wrong-code", "change-password-normal", "the api-ref documents 202")]
    [TestCase("body-where-none", "unrescue-normal", "Contract violation")]
    [TestCase("garbage", "rescue-normal[status=ACTIVE]", "Contract violation")]
    [TestCase("garbage", "remote-console-normal[verb=gets a VNC console for]", "Contract violation")]
    [TestCase("no-microversion-echo", "crash-dump-from-2.17", "OpenStack-API-Version")]
    [TestCase("wrong-settled-status", "shelve-normal[status=ACTIVE]", "not SHELVED")]
    [TestCase("stuck", "live-migrate-normal[status=ACTIVE]", "last seen: status")]
    [TestCase("error-on-action", "evacuate-normal[status=ACTIVE, settled=ACTIVE]", "went to ERROR")]
    [TestCase("wrong-error-shape", "reset-network-gone[actor=admin, which=the server]", "Contract violation")]
    [TestCase("lenient-bodies", "rebuild-parameter-refused[microversion=2.18, variant=(with a description)]", "the api-ref documents 400")]
    [TestCase("lenient-bodies", "rebuild-parameter-refused[microversion=2.57, variant=(with personality)]", "the api-ref documents 400")]
    [TestCase("lenient-bodies", "unshelve-from-2.77-empty", "the api-ref documents 400")]
    public Task A_broken_rule_fails_the_action_scenario_that_checks_it(string fault, string id, string reported) =>
        FaultProfileTests.ShouldFail(fault, id, reported);
}
