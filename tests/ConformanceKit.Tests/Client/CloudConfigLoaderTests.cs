using ConformanceKit.Client.Configuration;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Tests.Client;

public class CloudConfigLoaderTests
{
    private string _dir = "";
    private readonly Dictionary<string, string?> _env = new();

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("nck-config-").FullName;
        _env.Clear();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private CloudConfigLoader Loader() => new(n => _env.GetValueOrDefault(n), _dir, Path.Combine(_dir, "home"));

    [Test]
    public void Reads_a_cloud_with_secure_yaml_merged_over_it()
    {
        File.WriteAllText(Path.Combine(_dir, "clouds.yaml"), """
            clouds:
              prod:
                auth:
                  auth_url: https://keystone.example:5000/v3
                  username: alice
                  project_name: ops
                  user_domain_name: Example
                region_name: RegionTwo
                interface: internal
                cacert: /dev/null
            """);
        File.WriteAllText(Path.Combine(_dir, "secure.yaml"), """
            clouds:
              prod:
                auth:
                  password: s3cret
            """);
        var c = Loader().Load("prod");
        c.AuthType.Should().Be(AuthType.Password);
        c.AuthUrl.Should().Be(new Uri("https://keystone.example:5000/v3"));
        c.Username.Should().Be("alice");
        c.Password.Should().Be("s3cret");
        c.UserDomainName.Should().Be("Example");
        c.RegionName.Should().Be("RegionTwo");
        c.Interface.Should().Be("internal");
        c.CaCertFile.Should().Be("/dev/null");
        c.VerifyTls.Should().BeTrue();
        c.Problems().Should().BeEmpty();
    }

    [Test]
    public void OS_CLOUD_selects_the_cloud()
    {
        File.WriteAllText(Path.Combine(_dir, "clouds.yaml"), "clouds:\n  a:\n    auth_type: noauth2\n    compute_endpoint: http://127.0.0.1:1/v2.1\n    auth:\n      token: admin:admin\n");
        _env["OS_CLOUD"] = "a";
        var c = Loader().Load();
        c.AuthType.Should().Be(AuthType.NoAuth2);
        c.ComputeEndpoint.Should().Be(new Uri("http://127.0.0.1:1/v2.1"));
        c.Token.Should().Be("admin:admin");
    }

    [Test]
    public void A_missing_cloud_names_the_file_and_the_clouds_it_has()
    {
        File.WriteAllText(Path.Combine(_dir, "clouds.yaml"), "clouds:\n  alpha: {}\n  beta: {}\n");
        var act = () => Loader().Load("gamma");
        act.Should().Throw<ConfigurationException>()
            .WithMessage("*'gamma' is not in*clouds.yaml*alpha, beta*");
    }

    [Test]
    public void No_clouds_yaml_at_all_lists_where_it_looked()
    {
        var act = () => Loader().Load("any");
        act.Should().Throw<ConfigurationException>().WithMessage("*no clouds.yaml was found*.config/openstack/clouds.yaml*");
    }

    [Test]
    public void Broken_yaml_is_a_configuration_error_with_the_line()
    {
        File.WriteAllText(Path.Combine(_dir, "clouds.yaml"), "clouds:\n  a: [unclosed\n");
        var act = () => Loader().Load("a");
        act.Should().Throw<ConfigurationException>().WithMessage("*not valid YAML (line*");
    }

    [Test]
    public void OS_variables_make_a_cloud_and_insecure_turns_verification_off()
    {
        _env["OS_AUTH_URL"] = "http://127.0.0.1:5000/v3";
        _env["OS_USERNAME"] = "bob";
        _env["OS_PASSWORD"] = "pw";
        _env["OS_PROJECT_NAME"] = "demo";
        _env["OS_INSECURE"] = "true";
        var c = Loader().Load();
        c.Source.Should().Be("OS_* variables");
        c.VerifyTls.Should().BeFalse();
        c.Problems().Should().BeEmpty();
    }

    [Test]
    public void Application_credentials_are_recognised()
    {
        _env["OS_AUTH_URL"] = "http://127.0.0.1:5000/v3";
        _env["OS_APPLICATION_CREDENTIAL_ID"] = "abc";
        _env["OS_APPLICATION_CREDENTIAL_SECRET"] = "xyz";
        Loader().Load().AuthType.Should().Be(AuthType.ApplicationCredential);
    }

    [Test]
    public void An_incomplete_configuration_says_what_is_missing()
    {
        _env["OS_AUTH_URL"] = "http://127.0.0.1:5000/v3";
        _env["OS_USERNAME"] = "bob";
        Loader().Load().Problems().Should().Contain(p => p.Contains("password is missing")).And.Contain(p => p.Contains("project_name"));
    }

    [Test]
    public void A_url_that_is_not_http_is_refused()
    {
        _env["OS_AUTH_URL"] = "keystone.example";
        var act = () => Loader().Load();
        act.Should().Throw<ConfigurationException>().WithMessage("*auth_url 'keystone.example'*not an http(s) URL*");
    }
}
