using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ConformanceKit.Client.Configuration;
using RestSharp;

namespace ConformanceKit.Client.Http;

/// <summary>A response as the kit sees it: status, headers (case-insensitive), body.</summary>
public sealed record HttpResult(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body, Exchange Exchange)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
    public IEnumerable<string> HeaderValues(string name) => Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}

/// <summary>
/// The one place all HTTP traffic of the kit goes through. It records every exchange, masked, to the sinks,
/// and turns transport failures into <see cref="EndpointUnreachableException"/> with a message a person can act on.
/// </summary>
public sealed class NovaHttp : IDisposable
{
    private readonly RestClient _client;
    private readonly List<IExchangeSink> _sinks = [];
    private readonly bool _ownsClient = true;
    private readonly AbortState _abort;

    /// <summary>Shared by a handler and its views: once aborted, every request of all of them fails at once.</summary>
    private sealed class AbortState
    {
        public readonly CancellationTokenSource Source = new();
        public volatile string? Reason;
    }

    public SecretMasker Masker { get; }
    public TimeSpan Timeout { get; }

    private NovaHttp(NovaHttp parent, IExchangeSink sink)
    {
        _client = parent._client;
        _ownsClient = false;
        _abort = parent._abort;
        Masker = parent.Masker;
        Timeout = parent.Timeout;
        lock (parent._sinks) _sinks.AddRange(parent._sinks);
        _sinks.Add(sink);
    }

    /// <summary>A view of this handler that also records into <paramref name="sink"/> (one per scenario); it shares the connection pool.</summary>
    public NovaHttp WithSink(IExchangeSink sink) => new(this, sink);

    public NovaHttp(CloudConfig config, SecretMasker masker, TimeSpan? timeout = null)
    {
        Masker = masker;
        _abort = new AbortState();
        Timeout = timeout ?? config.ApiTimeout;
        foreach (var s in config.Secrets) masker.Add(s);
        var options = new RestClientOptions
        {
            Timeout = Timeout,
            ThrowOnAnyError = false,
            FollowRedirects = false,
            UserAgent = "nova-conformance-kit",
            RemoteCertificateValidationCallback = CertificateValidation(config),
        };
        _client = new RestClient(options);
    }

    public void AddSink(IExchangeSink sink) { lock (_sinks) _sinks.Add(sink); }

    /// <summary>Why requests were abandoned (<see cref="AbortAll"/>), or null.</summary>
    public string? AbortReason => _abort.Reason;

    /// <summary>
    /// Abandons every request in flight on this handler and its views, and makes every later one fail at once with
    /// <see cref="EndpointUnreachableException"/> naming <paramref name="reason"/>: used when the endpoint is declared down,
    /// so that no scenario waits out its API timeout on an endpoint that will not answer. There is no way back.
    /// </summary>
    public void AbortAll(string reason)
    {
        _abort.Reason ??= reason;
        _abort.Source.Cancel();
    }
    public void RemoveSink(IExchangeSink sink) { lock (_sinks) _sinks.Remove(sink); }

    private static RemoteCertificateValidationCallback? CertificateValidation(CloudConfig config)
    {
        if (!config.VerifyTls) return (_, _, _, _) => true;
        if (config.CaCertFile is null) return null;
        var ca = X509CertificateLoader.LoadCertificateFromFile(config.CaCertFile);
        return (_, cert, _, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if (cert is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(cert));
        };
    }

    public async Task<HttpResult> SendAsync(HttpMethod method, Uri url, IReadOnlyDictionary<string, string>? headers = null,
        string? jsonBody = null, string? contentType = "application/json", CancellationToken ct = default)
    {
        var request = new RestRequest(url, Enum.Parse<Method>(method.Method, ignoreCase: true));
        var sentHeaders = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.AddHeader(k, v);
            sentHeaders.Add(new(k, Masker.MaskHeader(k, v)));
        }
        if (jsonBody is not null)
        {
            request.AddStringBody(jsonBody, contentType ?? "application/json");
            if (contentType is not null) sentHeaders.Add(new("Content-Type", contentType));
        }
        if (_abort.Reason is { } abandoned) throw new EndpointUnreachableException(abandoned);
        var watch = Stopwatch.StartNew();
        RestResponse response;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _abort.Source.Token);
            response = await _client.ExecuteAsync(request, linked.Token).ConfigureAwait(false);
            if (_abort.Reason is { } reason && response.StatusCode == 0) throw new EndpointUnreachableException(reason);
        }
        catch (OperationCanceledException) when (_abort.Reason is { } reason && !ct.IsCancellationRequested)
        {
            throw new EndpointUnreachableException(reason);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            response = new RestResponse(request) { ResponseStatus = ResponseStatus.Error, ErrorException = e, ErrorMessage = e.Message };
        }
        watch.Stop();
        var maskedRequestBody = jsonBody is null ? null : Masker.MaskBody(jsonBody);
        // RestSharp marks HTTP error codes as errors too; only a missing status means no answer.
        if (response.StatusCode == 0)
        {
            var reason = Describe(response, url);
            Publish(new Exchange(method.Method, url, sentHeaders, maskedRequestBody, null, [], null, watch.Elapsed, reason));
            var socket = response.ErrorException;
            while (socket?.InnerException is not null && socket is not System.Net.Sockets.SocketException) socket = socket.InnerException;
            throw new EndpointUnreachableException(reason, response.ErrorException)
            {
                NeverSent = socket is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostNotFound },
            };
        }
        var received = new List<KeyValuePair<string, string>>();
        foreach (var h in response.Headers ?? []) received.Add(new(h.Name, h.Value ?? ""));
        foreach (var h in response.ContentHeaders ?? []) received.Add(new(h.Name, h.Value ?? ""));
        var body = response.Content ?? "";
        var exchange = new Exchange(method.Method, url, sentHeaders, maskedRequestBody, (int)response.StatusCode,
            received.Select(h => new KeyValuePair<string, string>(h.Key, Masker.MaskHeader(h.Key, h.Value))).ToList(),
            Masker.MaskBody(body), watch.Elapsed, null);
        Publish(exchange);
        return new HttpResult((int)response.StatusCode, received, body, exchange);
    }

    private string Describe(RestResponse response, Uri url)
    {
        var e = response.ErrorException;
        var inner = e;
        while (inner?.InnerException is not null) inner = inner.InnerException;
        var what = response.ResponseStatus == ResponseStatus.TimedOut || e is TaskCanceledException or TimeoutException
            ? $"did not answer within {Timeout.TotalSeconds:0} s"
            : inner is System.Net.Sockets.SocketException se ? se.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.ConnectionRefused => "refused the connection (nothing listens on that port)",
                System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "has a host name that does not resolve",
                System.Net.Sockets.SocketError.TimedOut => "did not answer the connection attempt",
                _ => $"could not be reached ({se.SocketErrorCode})",
            }
            : inner is System.Security.Authentication.AuthenticationException ? "failed TLS verification (set cacert, or insecure only for a test cloud)"
            : $"could not be reached ({Masker.MaskText(inner?.Message ?? response.ErrorMessage ?? "unknown error")})";
        return $"{url.GetLeftPart(UriPartial.Authority)} {what}. Check the endpoint URL and that the service is running.";
    }

    private void Publish(Exchange exchange)
    {
        IExchangeSink[] sinks;
        lock (_sinks) sinks = _sinks.ToArray();
        foreach (var s in sinks) s.Record(exchange);
    }

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
