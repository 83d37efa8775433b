namespace ConformanceKit.Client.Configuration;

/// <summary>How the kit proves who it is to the endpoint.</summary>
public enum AuthType
{
    /// <summary>Nova's noauth2 middleware: the token is "user:project"; no Keystone.</summary>
    NoAuth2,
    /// <summary>Keystone v3 with a user name and password.</summary>
    Password,
    /// <summary>Keystone v3 with an application credential.</summary>
    ApplicationCredential,
    /// <summary>Keystone v3 with an existing token, rescoped to the project.</summary>
    Token,
}

/// <summary>One identity the kit acts as (the owner of its servers, or an admin).</summary>
public sealed record CloudConfig
{
    /// <summary>Where the settings came from, for messages ("clouds.yaml cloud 'x'", "OS_* variables").</summary>
    public string Source { get; init; } = "defaults";
    public AuthType AuthType { get; init; } = AuthType.Password;
    public Uri? AuthUrl { get; init; }
    /// <summary>The compute endpoint, e.g. http://127.0.0.1:8774/v2.1. Required for noauth2; otherwise taken from the catalog unless set.</summary>
    public Uri? ComputeEndpoint { get; init; }
    /// <summary>The network (Neutron) endpoint: network_endpoint(_override) or OS_NETWORK_ENDPOINT; otherwise the catalog's, if any.</summary>
    public Uri? NetworkEndpoint { get; init; }
    public string? Username { get; init; }
    public string? UserId { get; init; }
    public string? Password { get; init; }
    public string? ProjectName { get; init; }
    public string? ProjectId { get; init; }
    public string UserDomainName { get; init; } = "Default";
    public string ProjectDomainName { get; init; } = "Default";
    public string? ApplicationCredentialId { get; init; }
    public string? ApplicationCredentialName { get; init; }
    public string? ApplicationCredentialSecret { get; init; }
    public string? Token { get; init; }
    public string? RegionName { get; init; }
    public string Interface { get; init; } = "public";
    /// <summary>TLS verification; on unless the configuration says insecure.</summary>
    public bool VerifyTls { get; init; } = true;
    public string? CaCertFile { get; init; }
    /// <summary>How long one HTTP request may take before the endpoint counts as not answering (api_timeout, seconds).</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The secrets in this configuration, so that they can be masked wherever text is written.</summary>
    public IEnumerable<string> Secrets =>
        new[] { Password, ApplicationCredentialSecret, Token }.Where(s => !string.IsNullOrEmpty(s))!;

    /// <summary>Throws a <see cref="ConfigurationException"/> naming everything the configuration lacks.</summary>
    public void EnsureComplete()
    {
        if (Problems() is { Count: > 0 } problems)
            throw new ConfigurationException($"The configuration from {Source} is incomplete: {string.Join("; ", problems)}.");
    }

    /// <summary>What the configuration lacks for its auth type, as messages; empty when complete.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        switch (AuthType)
        {
            case AuthType.NoAuth2:
                if (ComputeEndpoint is null) p.Add("noauth2 needs the compute endpoint (compute_endpoint in clouds.yaml, or OS_COMPUTE_ENDPOINT)");
                if (string.IsNullOrEmpty(Token)) p.Add("noauth2 needs a token of the form user:project (token, or OS_TOKEN)");
                else if (!Token.Contains(':')) p.Add("a noauth2 token has the form user:project, for example demo:demo");
                break;
            case AuthType.Password:
                if (AuthUrl is null) p.Add("auth_url is missing (OS_AUTH_URL)");
                if (string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(UserId)) p.Add("username is missing (OS_USERNAME)");
                if (string.IsNullOrEmpty(Password)) p.Add("password is missing (OS_PASSWORD, or secure.yaml)");
                if (string.IsNullOrEmpty(ProjectName) && string.IsNullOrEmpty(ProjectId)) p.Add("project_name or project_id is missing (OS_PROJECT_NAME)");
                break;
            case AuthType.ApplicationCredential:
                if (AuthUrl is null) p.Add("auth_url is missing (OS_AUTH_URL)");
                if (string.IsNullOrEmpty(ApplicationCredentialId) && string.IsNullOrEmpty(ApplicationCredentialName)) p.Add("application_credential_id is missing (OS_APPLICATION_CREDENTIAL_ID)");
                if (string.IsNullOrEmpty(ApplicationCredentialSecret)) p.Add("application_credential_secret is missing (OS_APPLICATION_CREDENTIAL_SECRET)");
                break;
            case AuthType.Token:
                if (AuthUrl is null) p.Add("auth_url is missing (OS_AUTH_URL)");
                if (string.IsNullOrEmpty(Token)) p.Add("token is missing (OS_TOKEN)");
                break;
        }
        if (CaCertFile is not null && !File.Exists(CaCertFile)) p.Add($"cacert '{CaCertFile}' does not exist");
        return p;
    }
}

/// <summary>The configuration is incomplete or contradictory; the message says what to fix.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
