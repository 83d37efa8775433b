using System.Text;

namespace ConformanceKit.Client.Http;

/// <summary>One HTTP request and its response, as recorded (secrets already masked).</summary>
public sealed record Exchange(
    string Method,
    Uri Url,
    IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    string? RequestBody,
    int? Status,
    IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders,
    string? ResponseBody,
    TimeSpan Elapsed,
    string? TransportError)
{
    public string? RequestId => ResponseHeaders.FirstOrDefault(h => h.Key.Equals("X-OpenStack-Request-Id", StringComparison.OrdinalIgnoreCase)).Value
        ?? ResponseHeaders.FirstOrDefault(h => h.Key.Equals("X-Compute-Request-Id", StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The exchange as readable HTTP text, for report attachments.</summary>
    public string ToHttpText()
    {
        var sb = new StringBuilder();
        sb.Append(Method).Append(' ').Append(Url).AppendLine();
        foreach (var (k, v) in RequestHeaders) sb.Append(k).Append(": ").Append(v).AppendLine();
        if (!string.IsNullOrEmpty(RequestBody)) sb.AppendLine().AppendLine(RequestBody);
        sb.AppendLine().Append("--- ").Append(Elapsed.TotalMilliseconds.ToString("0")).AppendLine(" ms ---").AppendLine();
        if (TransportError is not null) return sb.Append("(no response: ").Append(TransportError).AppendLine(")").ToString();
        sb.Append("HTTP ").Append(Status).AppendLine();
        foreach (var (k, v) in ResponseHeaders) sb.Append(k).Append(": ").Append(v).AppendLine();
        if (!string.IsNullOrEmpty(ResponseBody)) sb.AppendLine().AppendLine(ResponseBody);
        return sb.ToString();
    }

    /// <summary>A curl command that repeats the request. The token is left as $OS_TOKEN for the reader to supply.</summary>
    public string ToCurl()
    {
        static string Q(string s) => "'" + s.Replace("'", "'\\''") + "'";
        var sb = new StringBuilder("curl -sS -i -X ").Append(Method).Append(' ').Append(Q(Url.ToString()));
        foreach (var (k, v) in RequestHeaders)
        {
            var value = v == SecretMasker.Mask ? "$OS_TOKEN" : v;
            sb.Append(" \\\n  -H ").Append(value == "$OS_TOKEN" ? $"\"{k}: $OS_TOKEN\"" : Q($"{k}: {value}"));
        }
        if (!string.IsNullOrEmpty(RequestBody)) sb.Append(" \\\n  --data ").Append(Q(RequestBody));
        return sb.AppendLine().ToString();
    }
}

/// <summary>Receives every exchange the client makes (the scenario's recorder, a log...).</summary>
public interface IExchangeSink
{
    void Record(Exchange exchange);
}

/// <summary>Keeps exchanges in memory, in order.</summary>
public sealed class ExchangeLog : IExchangeSink
{
    private readonly List<Exchange> _items = [];
    private readonly Lock _lock = new();
    public void Record(Exchange exchange) { lock (_lock) _items.Add(exchange); }
    public IReadOnlyList<Exchange> Items { get { lock (_lock) return _items.ToList(); } }
    public Exchange? Last { get { lock (_lock) return _items.Count == 0 ? null : _items[^1]; } }
}
