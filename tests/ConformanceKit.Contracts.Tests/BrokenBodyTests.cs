using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Contracts.Validation;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Contracts.Tests;

/// <summary>Hand-made broken bodies: each is caught, and the message names the JSON Pointer.</summary>
public class BrokenBodyTests
{
    private static readonly Microversion V273 = Microversion.Parse("2.73");
    private static ContractValidator Strict => new(Repo.Registry);
    private static ContractValidator Tolerant => new(Repo.Registry, new ContractOptions { TolerateExtensions = true });

    /// <summary>A conforming GET /servers/{id} body at 2.73, made from Nova's own sample.</summary>
    private static JsonObject Server() =>
        SampleTemplate.Instantiate(Repo.SampleSet["servers/v2.73/server-get-resp.json"].Json, Repo.Refinements.Placeholders, "test")!.AsObject();

    private static JsonObject Broken(Action<JsonObject> breakIt)
    {
        var body = Server();
        breakIt(body["server"]!.AsObject());
        return body;
    }

    private static Violation Single(ContractResult result, string pointer, ViolationKind kind)
    {
        result.IsValid.Should().BeFalse();
        result.Violations.Should().ContainSingle(result.Describe());
        var v = result.Violations[0];
        v.Pointer.Should().Be(pointer);
        v.Kind.Should().Be(kind);
        v.Message.Should().StartWith((pointer.Length == 0 ? "(body)" : pointer) + ":");
        return v;
    }

    [Test]
    public void The_untouched_body_conforms() => Strict.Validate(Operations.ServerGet, V273, Server()).IsValid.Should().BeTrue();

    [Test]
    public void A_missing_required_field()
    {
        var v = Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s.Remove("status"))), "/server/status", ViolationKind.Missing);
        v.Expected.Should().Contain("'status'");
        v.Actual.Should().Be("missing");
    }

    [Test]
    public void A_wrong_type()
    {
        var v = Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["locked"] = "yes")), "/server/locked", ViolationKind.WrongType);
        v.Expected.Should().Be("a boolean");
        v.Actual.Should().Be("\"yes\"");
    }

    [Test]
    public void An_extra_field()
    {
        var v = Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["vendor:color"] = "blue")), "/server/vendor:color", ViolationKind.Extra);
        v.Actual.Should().Be("\"blue\"");
    }

    [TestCase("not-a-uuid")]
    [TestCase("0c54a5f5-8a0b-4b3c-9a5a-6b2a4d3b9c1")]
    [TestCase("0c54a5f5-8a0b-4b3c-9a5a-6b2a4d3b9cxz")]
    public void A_malformed_uuid(string id)
    {
        var v = Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["id"] = id)), "/server/id", ViolationKind.WrongFormat);
        v.Expected.Should().Contain("uuid");
        v.Actual.Should().Be($"\"{id}\"");
    }

    [TestCase("2024-13-01T10:20:30Z")]
    [TestCase("yesterday")]
    [TestCase("01/05/2024 10:20:30")]
    [TestCase("2024-02-30T10:20:30Z")]
    public void A_malformed_date(string created)
    {
        var v = Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["created"] = created)), "/server/created", ViolationKind.WrongFormat);
        v.Expected.Should().Contain("date-time");
    }

    /// <summary>Formats mean what Nova's validator means (nova/api/validation/validators.py): these pass in Nova, so they pass here.</summary>
    [TestCase("id", "0C54A5F5-8A0B-4B3C-9A5A-6B2A4D3B9C11")]
    [TestCase("id", "0c54a5f58a0b4b3c9a5a6b2a4d3b9c11")]
    [TestCase("created", "2024-05-01T10:20:30")]
    [TestCase("created", "2024-05-01 10:20:30")]
    [TestCase("updated", "2024-05-01T10:20:30.123456+02:00")]
    public void Formats_as_Nova_reads_them_conform(string field, string value) =>
        Strict.Validate(Operations.ServerGet, V273, Broken(s => s[field] = value)).IsValid.Should().BeTrue();

    [Test]
    public void Nulls_Novas_own_schema_allows_conform() =>
        Strict.Validate(Operations.ServerGet, V273, Broken(s => { s["name"] = null; s["progress"] = null; s["OS-EXT-STS:power_state"] = null; s["OS-EXT-STS:vm_state"] = null; s["config_drive"] = null; }))
            .IsValid.Should().BeTrue();

    [Test]
    public void Null_where_not_allowed()
    {
        var v = Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["status"] = null)), "/server/status", ViolationKind.UnexpectedNull);
        v.Expected.Should().Contain("null is not allowed");
        v.Actual.Should().Be("null");
    }

    [Test]
    public void Null_where_allowed_conforms()
    {
        Strict.Validate(Operations.ServerGet, V273, Broken(s => { s["key_name"] = null; s["locked_reason"] = null; s["OS-EXT-STS:task_state"] = null; s["description"] = null; }))
            .IsValid.Should().BeTrue();
    }

    [Test]
    public void A_value_outside_an_enum()
    {
        var v = Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["status"] = "SLEEPING")), "/server/status", ViolationKind.WrongValue);
        v.Expected.Should().Contain("\"ACTIVE\"").And.Contain("\"SHUTOFF\"");
        Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["OS-EXT-STS:power_state"] = 2)), "/server/OS-EXT-STS:power_state", ViolationKind.WrongValue);
    }

    [Test]
    public void Nested_places_are_named_by_their_pointer()
    {
        Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["addresses"]!["private"]![0]!["addr"] = "999.1.1")), "/server/addresses/private/0/addr", ViolationKind.WrongFormat);
        Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["image"]!["id"] = "x")), "/server/image/id", ViolationKind.WrongFormat);
        Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["links"]![1]!["rel"] = "alternate")), "/server/links/1/rel", ViolationKind.WrongValue);
        Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["metadata"]!["k"] = 5)), "/server/metadata/k", ViolationKind.WrongType);
    }

    [Test]
    public void Documented_alternatives_conform_and_anything_else_does_not()
    {
        Strict.Validate(Operations.ServerGet, V273, Broken(s => { s["image"] = ""; s["accessIPv4"] = ""; s["accessIPv6"] = ""; })).IsValid.Should().BeTrue();
        Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["image"] = "none")), "/server/image", ViolationKind.WrongFormat);
        Single(Strict.Validate(Operations.ServerGet, V273, Broken(s => s["accessIPv4"] = "1.2.3")), "/server/accessIPv4", ViolationKind.WrongFormat)
            .Expected.Should().Be("an IPv4 address or an empty string");
    }

    [TestCase("{\"itemNotFound\": {\"code\": 400, \"message\": \"x\"}}", 400, "/itemNotFound/code")]
    [TestCase("{\"badRequest\": {\"code\": 404, \"message\": \"x\"}}", 404, "/badRequest/code")]
    [TestCase("{\"computeFault\": {\"code\": 409, \"message\": \"x\"}}", 409, "/computeFault/code")]
    [TestCase("{\"notFound\": {\"code\": 404, \"message\": \"x\"}}", 404, "/notFound")]
    public void An_error_body_whose_kind_does_not_match_its_code(string body, int status, string pointer)
    {
        var result = Strict.ValidateError(status, V273, body);
        result.IsValid.Should().BeFalse();
        result.Violations.Should().Contain(v => v.Pointer == pointer && v.Kind == ViolationKind.ErrorKindMismatch, result.Describe());
        result.Violations.Where(v => v.Kind == ViolationKind.ErrorKindMismatch).Should().OnlyContain(v => v.Message.StartsWith(v.Pointer + ":"));
    }

    [Test]
    public void An_error_code_that_is_not_the_http_status()
    {
        var v = Single(Strict.ValidateError(404, V273, "{\"badRequest\": {\"code\": 400, \"message\": \"Malformed request body\"}}"), "/badRequest/code", ViolationKind.ErrorKindMismatch);
        v.Expected.Should().Contain("404");
    }

    [TestCase(400, "badRequest")]
    [TestCase(403, "forbidden")]
    [TestCase(404, "itemNotFound")]
    [TestCase(409, "conflictingRequest")]
    [TestCase(415, "badMediaType")]
    [TestCase(406, "computeFault")]
    [TestCase(410, "computeFault")]
    [TestCase(500, "computeFault")]
    [TestCase(501, "notImplemented")]
    public void Nova_error_bodies_conform(int status, string kind)
    {
        var result = Strict.ValidateError(status, V273, $"{{\"{kind}\": {{\"code\": {status}, \"message\": \"m\"}}}}");
        result.IsValid.Should().BeTrue(result.Describe());
        result.Operation.Should().Be(Operations.Error);
    }

    [Test]
    public void Keystone_and_webob_error_shapes_are_their_own_documented_shapes()
    {
        var keystone = Strict.ValidateError(401, V273, "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\": \"The request you have made requires authentication.\"}}");
        keystone.IsValid.Should().BeTrue(keystone.Describe());
        keystone.Operation.Should().Be(Operations.KeystoneError);

        var webob = Strict.ValidateError(404, V273, "{\"message\": \"The resource could not be found.<br /><br />\\n\\n\\n\", \"code\": \"404 Not Found\", \"title\": \"Not Found\"}");
        webob.IsValid.Should().BeTrue(webob.Describe());
        webob.Operation.Should().Be(Operations.WebobError);

        Strict.ValidateError(400, V273, "{\"message\": \"m\", \"code\": \"400 Bad Request\", \"title\": \"Bad Request\"}").IsValid.Should().BeFalse("Nova answers 400 in its own shape");
    }

    [Test]
    public void Tolerating_extensions_turns_an_extra_field_into_a_warning_and_nothing_else()
    {
        var extra = Tolerant.Validate(Operations.ServerGet, V273, Broken(s => s["vendor:color"] = "blue"));
        extra.IsValid.Should().BeTrue();
        extra.Violations.Should().BeEmpty();
        extra.Warnings.Should().ContainSingle().Which.Pointer.Should().Be("/server/vendor:color");

        var nested = Tolerant.Validate(Operations.ServerGet, V273, Broken(s => s["flavor"]!["vendor:gpu"] = 1));
        nested.IsValid.Should().BeTrue();
        nested.Warnings.Should().ContainSingle().Which.Pointer.Should().Be("/server/flavor/vendor:gpu");

        var both = Tolerant.Validate(Operations.ServerGet, V273, Broken(s => { s["vendor:color"] = "blue"; s["locked"] = "yes"; }));
        both.Violations.Should().ContainSingle().Which.Pointer.Should().Be("/server/locked");
        both.Warnings.Should().ContainSingle().Which.Pointer.Should().Be("/server/vendor:color");

        Tolerant.Validate(Operations.ServerGet, V273, Broken(s => s.Remove("status"))).IsValid.Should().BeFalse("a missing field is not an extension");
        Tolerant.Validate(Operations.ServerGet, V273, Broken(s => s["status"] = "SLEEPING")).IsValid.Should().BeFalse("an unknown status is not an extension");
        Tolerant.Validate(Operations.ServerGet, V273, Broken(s => s["id"] = "nope")).IsValid.Should().BeFalse("a malformed uuid is not an extension");
        Tolerant.ValidateError(404, V273, "{\"notFound\": {\"code\": 404, \"message\": \"x\"}}").IsValid.Should().BeFalse("an unknown error kind is not an extension");
        Strict.Validate(Operations.ServerGet, V273, Broken(s => s["vendor:color"] = "blue")).Warnings.Should().BeEmpty();
    }

    [Test]
    public void A_request_body_the_kit_would_send_is_checked_too()
    {
        var reboot = Strict.Validate(Operations.ActionRequest("reboot"), V273, "{\"reboot\": {\"type\": \"SOFTISH\"}}");
        Single(reboot, "/reboot/type", ViolationKind.WrongValue).Expected.Should().Be("one of [\"HARD\", \"Hard\", \"SOFT\", \"Soft\", \"hard\", \"soft\"]");

        Single(Strict.Validate(Operations.ActionRequest("lock"), Microversion.Parse("2.72"), "{\"lock\": {\"locked_reason\": \"x\"}}"), "/lock", ViolationKind.WrongType);
        Strict.Validate(Operations.ActionRequest("lock"), V273, "{\"lock\": {\"locked_reason\": \"x\"}}").IsValid.Should().BeTrue();
        Single(Strict.Validate(Operations.ActionRequest("evacuate"), Microversion.Parse("2.13"), "{\"evacuate\": {}}"), "/evacuate/onSharedStorage", ViolationKind.Missing);
        Strict.Validate(Operations.ActionRequest("evacuate"), Microversion.Parse("2.14"), "{\"evacuate\": {}}").IsValid.Should().BeTrue();
    }

    private static readonly Dictionary<string, string> CatalogueValues = new()
    {
        ["securityGroup"] = "extra", ["floatingIp"] = "172.24.4.10", ["fixedIp"] = "10.0.0.5", ["networkId"] = "3cb9bc59-5699-4588-a4b1-b87f96708bc6",
        ["password"] = "Passw0rd", ["otherFlavor"] = "2", ["otherHost"] = "compute2", ["name"] = "snap", ["reason"] = "maintenance", ["image"] = "155d900f-4e14-4e4c-a73d-069cbf4541e6",
    };

    public static IEnumerable<TestCaseData> CatalogueRequests() =>
        ActionCatalogue.Default.Actions.SelectMany(a => a.Variants.Values.Prepend(a.Default).Select(v => new TestCaseData(a.Name, v.Name)
            .SetName($"Catalogue request conforms: {a.Name} ({v.Name}) at {v.Microversions.Max?.ToString() ?? "2.104"}")));

    [TestCaseSource(nameof(CatalogueRequests))]
    public void The_catalogue_requests_conform_at_the_newest_microversion_of_their_range(string action, string variant)
    {
        var v = ActionCatalogue.Default[action].Variant(variant == "default" ? null : variant);
        var json = v.Request!.ToJsonString();
        foreach (var (key, value) in CatalogueValues) json = json.Replace("${" + key + "}", value, StringComparison.Ordinal);
        json.Should().NotContain("${", "every catalogue placeholder needs a value in this test");
        var mv = v.Microversions.Max ?? Microversion.Parse("2.104");

        var result = Strict.Validate(Operations.ActionRequest(action), mv, json);

        result.IsValid.Should().BeTrue(result.Describe());
    }

    [Test]
    public void No_body_not_json_and_unexpected_bodies_are_reported()
    {
        Single(Strict.Validate(Operations.ServerGet, V273, (string?)null), "", ViolationKind.NoBody);
        Single(Strict.Validate(Operations.ServerGet, V273, "<html>404</html>"), "", ViolationKind.NotJson);
        Single(Strict.Validate(Operations.ActionResponse("createImage"), Microversion.Parse("2.44"), "{\"image_id\": \"x\"}"), "", ViolationKind.UnexpectedBody);
        Strict.Validate(Operations.ActionResponse("createImage"), Microversion.Parse("2.44"), "").IsValid.Should().BeTrue();
        Strict.Validate(Operations.ActionResponse("evacuate"), Microversion.Parse("2.13"), "").IsValid.Should().BeTrue("evacuate may answer without adminPass when instance passwords are off");
    }

    [Test]
    public void Secrets_never_appear_in_a_report()
    {
        const string secret = "hunter2Secret";
        var results = new[]
        {
            Strict.Validate(Operations.ActionResponse("createImage"), Microversion.Parse("2.44"), $"{{\"adminPass\": \"{secret}\"}}"),
            Strict.Validate(Operations.ActionResponse("rescue"), V273, $"{{\"adminPass\": \"{secret}\", \"x\": {{\"adminPass\": \"{secret}\"}}}}"),
            Strict.Validate(Operations.ActionRequest("changePassword"), V273, $"{{\"changePassword\": {{\"adminPass\": \"{secret}\", \"extra\": 1}}, \"more\": {{\"password\": \"{secret}\"}}}}"),
            Strict.Validate(Operations.ActionRequest("changePassword"), V273, $"{{\"changePassword\": [\"{secret}\"]}}"),
        };
        foreach (var r in results)
        {
            r.IsValid.Should().BeFalse();
            r.Describe().Should().NotContain(secret);
        }
    }
}

public class ActionResponseTests
{
    private static readonly Microversion V = Microversion.Parse("2.93");

    [Test]
    public void An_action_that_answers_without_a_body_must_not_send_one()
    {
        var validator = new ContractValidator(Repo.Registry);
        validator.ValidateActionResponse("pause", V, "").IsValid.Should().BeTrue();
        var result = validator.ValidateActionResponse("pause", V, "{\"paused\": true}");
        result.IsValid.Should().BeFalse();
        result.Violations.Should().ContainSingle().Which.Kind.Should().Be(ViolationKind.UnexpectedBody);
    }

    [Test]
    public void An_action_with_a_body_is_judged_by_its_schema()
    {
        var validator = new ContractValidator(Repo.Registry);
        validator.ValidateActionResponse("createImage", V, "{\"image_id\": \"155d900f-4e14-4e4c-a73d-069cbf4541e6\"}").IsValid.Should().BeTrue();
        validator.ValidateActionResponse("createImage", V, "{\"image_id\": \"snap\"}").Violations.Should().ContainSingle().Which.Pointer.Should().Be("/image_id");
        validator.ValidateActionRequest("reboot", V, "{\"reboot\": {\"type\": \"HARD\"}}").IsValid.Should().BeTrue();
    }
}
