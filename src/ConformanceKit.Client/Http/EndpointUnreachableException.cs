namespace ConformanceKit.Client.Http;

/// <summary>The endpoint did not answer (refused, timed out, name not resolved, TLS failed).</summary>
public sealed class EndpointUnreachableException(string message, Exception? inner = null) : ConformanceKit.Core.Results.EndpointFailureException(message, inner)
{
    /// <summary>The request certainly never reached the endpoint (connection refused, name not resolved): it had no effect.</summary>
    public bool NeverSent { get; init; }
}

/// <summary>The endpoint answered, but not as an OpenStack API would (5xx on discovery, HTML, garbage).</summary>
public sealed class EndpointFaultException(string message) : Exception(message);

/// <summary>Authentication was refused or the catalog lacks a compute endpoint.</summary>
public sealed class AuthenticationException(string message) : Exception(message);
