using ConformanceKit.Client.Http;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Tests.Client;

public class SecretMaskerTests
{
    [Test]
    public void Masks_secret_fields_and_remembers_their_values()
    {
        var masker = new SecretMasker();
        var masked = masker.MaskBody("""{"server": {"id": "x", "adminPass": "Hunter2Pass"}}""");
        masked.Should().NotContain("Hunter2Pass").And.Contain(SecretMasker.Mask);
        // The value is now known, so it is masked in any later text too.
        masker.MaskText("console says Hunter2Pass").Should().Be("console says ***");
    }

    [Test]
    public void Masks_token_headers_and_registered_values()
    {
        var masker = new SecretMasker();
        masker.Add("demo:demo");
        masker.MaskHeader("X-Auth-Token", "anything").Should().Be(SecretMasker.Mask);
        masker.MaskHeader("X-Subject-Token", "gAAAA").Should().Be(SecretMasker.Mask);
        masker.MaskText("token demo:demo used").Should().NotContain("demo:demo");
        masker.MaskHeader("Content-Type", "application/json").Should().Be("application/json");
    }

    [Test]
    public void Masks_keystone_passwords_in_nested_request_bodies()
    {
        var masker = new SecretMasker();
        var body = """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","password":"pw-123"}}}}}""";
        masker.MaskBody(body).Should().NotContain("pw-123");
    }

    [Test]
    public void A_secret_learned_after_a_masking_is_masked_from_then_on_and_the_longer_of_two_wins()
    {
        var masker = new SecretMasker();
        masker.MaskText("abc-secret then abc").Should().Be("abc-secret then abc");
        masker.Add("abc");
        masker.MaskText("abc-secret then abc").Should().Be("***-secret then ***");
        masker.Add("abc-secret");
        masker.MaskText("abc-secret then abc").Should().Be("*** then ***");
    }

    [Test]
    public void Hundreds_of_secrets_learned_from_many_threads_are_all_masked()
    {
        var masker = new SecretMasker();
        var secrets = Enumerable.Range(0, 600).Select(i => $"pass-{i:D4}-x").ToArray();
        Parallel.ForEach(secrets, s => { masker.Add(s); masker.MaskText("warm " + s).Should().Be("warm ***"); });
        masker.MaskText(string.Join(" ", secrets)).Should().Be(string.Join(" ", secrets.Select(_ => "***")));
    }
}
