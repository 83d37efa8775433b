using YamlDotNet.RepresentationModel;

namespace ConformanceKit.Client.Configuration;

/// <summary>
/// Reads a cloud's settings the way OpenStack clients do: clouds.yaml (with secure.yaml merged over it)
/// from the usual search path, selected by name or OS_CLOUD, or else the OS_* environment variables.
/// </summary>
public sealed class CloudConfigLoader(Func<string, string?> environment, string? currentDirectory = null, string? homeDirectory = null)
{
    public static CloudConfigLoader FromProcess() => new(Environment.GetEnvironmentVariable);

    private string Cwd => currentDirectory ?? Directory.GetCurrentDirectory();
    private string Home => homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>The clouds.yaml files looked at, in order.</summary>
    public IReadOnlyList<string> SearchPath(string fileName)
    {
        var list = new List<string>();
        var explicitFile = environment(fileName == "clouds.yaml" ? "OS_CLIENT_CONFIG_FILE" : "OS_CLIENT_SECURE_FILE");
        if (!string.IsNullOrEmpty(explicitFile)) list.Add(explicitFile);
        list.Add(Path.Combine(Cwd, fileName));
        list.Add(Path.Combine(Home, ".config", "openstack", fileName));
        list.Add(Path.Combine("/etc/openstack", fileName));
        return list;
    }

    /// <summary>The named cloud, or OS_CLOUD, or the OS_* variables when neither names a cloud.</summary>
    public CloudConfig Load(string? cloudName = null)
    {
        cloudName ??= environment("OS_CLOUD");
        return string.IsNullOrEmpty(cloudName) ? FromEnvironment() : FromCloudsYaml(cloudName);
    }

    /// <summary>Whether the environment names a cloud: OS_CLOUD, or OS_AUTH_URL / OS_COMPUTE_ENDPOINT.</summary>
    public bool HasEnvironmentCloud =>
        !string.IsNullOrEmpty(environment("OS_AUTH_URL")) || !string.IsNullOrEmpty(environment("OS_COMPUTE_ENDPOINT"))
        || !string.IsNullOrEmpty(environment("OS_CLOUD"));

    public CloudConfig FromEnvironment()
    {
        string? E(string n) => environment(n) is { Length: > 0 } v ? v : null;
        var values = new Dictionary<string, string?>
        {
            ["auth_type"] = E("OS_AUTH_TYPE"),
            ["auth_url"] = E("OS_AUTH_URL"),
            ["compute_endpoint"] = E("OS_COMPUTE_ENDPOINT"),
            ["network_endpoint"] = E("OS_NETWORK_ENDPOINT"),
            ["username"] = E("OS_USERNAME"),
            ["user_id"] = E("OS_USER_ID"),
            ["password"] = E("OS_PASSWORD"),
            ["project_name"] = E("OS_PROJECT_NAME") ?? E("OS_TENANT_NAME"),
            ["project_id"] = E("OS_PROJECT_ID") ?? E("OS_TENANT_ID"),
            ["user_domain_name"] = E("OS_USER_DOMAIN_NAME"),
            ["project_domain_name"] = E("OS_PROJECT_DOMAIN_NAME"),
            ["application_credential_id"] = E("OS_APPLICATION_CREDENTIAL_ID"),
            ["application_credential_name"] = E("OS_APPLICATION_CREDENTIAL_NAME"),
            ["application_credential_secret"] = E("OS_APPLICATION_CREDENTIAL_SECRET"),
            ["token"] = E("OS_TOKEN"),
            ["region_name"] = E("OS_REGION_NAME"),
            ["interface"] = E("OS_INTERFACE"),
            ["cacert"] = E("OS_CACERT"),
            ["insecure"] = E("OS_INSECURE"),
            ["api_timeout"] = E("OS_API_TIMEOUT"),
        };
        return Build(values, "OS_* variables");
    }

    public CloudConfig FromCloudsYaml(string cloudName)
    {
        var file = SearchPath("clouds.yaml").FirstOrDefault(File.Exists)
            ?? throw new ConfigurationException(
                $"Cloud '{cloudName}' was asked for, but no clouds.yaml was found (looked in: {string.Join(", ", SearchPath("clouds.yaml"))}). " +
                "Create one, point OS_CLIENT_CONFIG_FILE at it, or use OS_* variables instead.");
        var cloud = ReadCloud(file, cloudName)
            ?? throw new ConfigurationException(
                $"Cloud '{cloudName}' is not in {file}. Clouds there: {string.Join(", ", CloudNames(file))}. Pass one of these to --cloud or OS_CLOUD.");
        var secureFile = SearchPath("secure.yaml").FirstOrDefault(File.Exists);
        if (secureFile is not null && ReadCloud(secureFile, cloudName) is { } secure)
            foreach (var (k, v) in secure) cloud[k] = v;
        return Build(cloud, $"cloud '{cloudName}' in {file}");
    }

    private static YamlMappingNode? Clouds(string file)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(file);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigurationException($"{file} is not valid YAML (line {e.Start.Line}): {e.Message}");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) return null;
        return root.Children.TryGetValue(new YamlScalarNode("clouds"), out var c) ? c as YamlMappingNode : null;
    }

    private static IEnumerable<string> CloudNames(string file) =>
        Clouds(file)?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "") ?? [];

    /// <summary>Flattens one cloud: top-level keys and the keys of its auth section.</summary>
    private static Dictionary<string, string?>? ReadCloud(string file, string name)
    {
        var clouds = Clouds(file);
        if (clouds is null || !clouds.Children.TryGetValue(new YamlScalarNode(name), out var node) || node is not YamlMappingNode cloud)
            return null;
        var values = new Dictionary<string, string?>();
        foreach (var (k, v) in cloud.Children)
        {
            var key = ((YamlScalarNode)k).Value ?? "";
            if (v is YamlScalarNode s) values[key] = s.Value;
            else if (key == "auth" && v is YamlMappingNode auth)
                foreach (var (ak, av) in auth.Children)
                    if (av is YamlScalarNode avs) values[((YamlScalarNode)ak).Value ?? ""] = avs.Value;
        }
        if (values.TryGetValue("verify", out var verify) && verify is "false" or "False") values["insecure"] = "true";
        return values;
    }

    private static CloudConfig Build(IReadOnlyDictionary<string, string?> v, string source)
    {
        string? G(string k) => v.TryGetValue(k, out var x) && !string.IsNullOrEmpty(x) ? x : null;
        Uri? U(string k)
        {
            var s = G(k);
            if (s is null) return null;
            return Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https")
                ? u
                : throw new ConfigurationException($"{k} '{s}' from {source} is not an http(s) URL.");
        }
        var authType = (G("auth_type") ?? ((G("application_credential_id") ?? G("application_credential_name")) is not null ? "v3applicationcredential"
            : G("auth_url") is null && G("compute_endpoint") is not null ? "noauth2"
            : G("password") is null && G("token") is not null ? "v3token" : "password")) switch
        {
            "password" or "v3password" => AuthType.Password,
            "v3applicationcredential" or "applicationcredential" => AuthType.ApplicationCredential,
            "token" or "v3token" => AuthType.Token,
            "noauth2" or "none" or "noauth" => AuthType.NoAuth2,
            var other => throw new ConfigurationException($"auth_type '{other}' from {source} is not supported. Use password, v3applicationcredential, v3token or noauth2."),
        };
        var insecure = G("insecure") is "1" or "true" or "True" or "yes";
        return new CloudConfig
        {
            Source = source,
            AuthType = authType,
            AuthUrl = U("auth_url"),
            ComputeEndpoint = U("compute_endpoint") ?? U("endpoint"),
            NetworkEndpoint = U("network_endpoint") ?? U("network_endpoint_override"),
            Username = G("username"),
            UserId = G("user_id"),
            Password = G("password"),
            ProjectName = G("project_name"),
            ProjectId = G("project_id"),
            UserDomainName = G("user_domain_name") ?? "Default",
            ProjectDomainName = G("project_domain_name") ?? "Default",
            ApplicationCredentialId = G("application_credential_id"),
            ApplicationCredentialName = G("application_credential_name"),
            ApplicationCredentialSecret = G("application_credential_secret"),
            Token = G("token"),
            RegionName = G("region_name"),
            Interface = G("interface") ?? "public",
            VerifyTls = !insecure,
            CaCertFile = G("cacert"),
            ApiTimeout = G("api_timeout") is { } t
                ? double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new ConfigurationException($"api_timeout '{t}' from {source} is not a positive number of seconds.")
                : TimeSpan.FromSeconds(30),
        };
    }
}
