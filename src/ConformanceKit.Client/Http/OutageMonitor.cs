namespace ConformanceKit.Client.Http;

/// <summary>
/// Tells an endpoint that is down from one that failed a request. It watches every exchange of a run: a request that got
/// no answer (refused, reset, no answer within the API timeout) starts a probe that asks the endpoint for its version
/// document every <see cref="ProbeInterval"/>, each probe waiting at most <see cref="ProbeTimeout"/>. Any answer — a
/// probe's or a scenario's, whatever its status — ends the suspicion. When nothing has answered for
/// <see cref="Window"/> since the first unanswered request, the outage is declared: <see cref="Declared"/> is cancelled
/// and <see cref="Reason"/> says what was seen. So an endpoint that dies is declared down at most one API timeout (the
/// first request to go unanswered) plus <see cref="Window"/> after it died.
/// </summary>
public sealed class OutageMonitor : IExchangeSink, IDisposable
{
    private readonly Func<CancellationToken, Task> _probe;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _declared = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private DateTimeOffset? _firstUnanswered;
    private string? _lastError;
    private Task? _probing;

    /// <param name="probe">Sends one request that the endpoint answers when it is up (its exchange reaches <see cref="Record"/>).</param>
    public OutageMonitor(Func<CancellationToken, Task> probe, TimeSpan window, TimeSpan? probeTimeout = null, TimeSpan? probeInterval = null, TimeProvider? clock = null)
    {
        _probe = probe;
        Window = window;
        ProbeTimeout = probeTimeout ?? TimeSpan.FromSeconds(5);
        ProbeInterval = probeInterval ?? TimeSpan.FromSeconds(1);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long nothing may answer, after a first unanswered request, before the endpoint is declared down.</summary>
    public TimeSpan Window { get; }
    public TimeSpan ProbeTimeout { get; }
    public TimeSpan ProbeInterval { get; }

    /// <summary>Cancelled when the outage is declared.</summary>
    public CancellationToken Declared => _declared.Token;

    public bool IsDeclared => _declared.IsCancellationRequested;

    /// <summary>What was seen, e.g. "http://127.0.0.1:8820 refused the connection …; nothing answered for 20 s (since 10:41:07 UTC)".</summary>
    public string? Reason { get; private set; }

    /// <summary>When the endpoint last failed to answer, while an outage is suspected or declared.</summary>
    public DateTimeOffset? Since { get { lock (_lock) return _firstUnanswered; } }

    /// <summary>
    /// Returns once no outage is suspected (nothing went unanswered, or something answered since), or when it is declared
    /// or <paramref name="ct"/> is cancelled: a run starts no new scenario while the endpoint may be down.
    /// </summary>
    public async Task WhileSuspectedAsync(CancellationToken ct)
    {
        while (Since is not null && !IsDeclared && !ct.IsCancellationRequested)
        {
            try { await Task.Delay(TimeSpan.FromMilliseconds(100), _clock, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    public void Record(Exchange exchange)
    {
        if (IsDeclared) return;
        lock (_lock)
        {
            if (exchange.Status is not null)
            {
                _firstUnanswered = null;
                return;
            }
            _lastError = exchange.TransportError;
            _firstUnanswered ??= _clock.GetUtcNow();
            if (_probing is null || _probing.IsCompleted) _probing = Task.Run(ProbeAsync);
        }
    }

    private async Task ProbeAsync()
    {
        while (!_stop.IsCancellationRequested && !IsDeclared)
        {
            DateTimeOffset? since;
            lock (_lock) since = _firstUnanswered;
            if (since is null) return;
            if (_clock.GetUtcNow() - since.Value >= Window)
            {
                Declare(since.Value);
                return;
            }
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(ProbeTimeout);
                try { await _probe(timeout.Token).ConfigureAwait(false); }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // Unanswered: the exchange (if any) was recorded; a probe cut short by its own timeout records none.
                }
                catch (OperationCanceledException) { return; }
            }
            try { await Task.Delay(ProbeInterval, _clock, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    private void Declare(DateTimeOffset since)
    {
        lock (_lock)
        {
            if (_firstUnanswered is null || IsDeclared) return;
            var what = _lastError?.TrimEnd('.') ?? "the endpoint did not answer";
            var cut = what.IndexOf(". Check", StringComparison.Ordinal);
            if (cut > 0) what = what[..cut];
            Reason = $"{what}; nothing answered for {Window.TotalSeconds:0} s (since {since.UtcDateTime:HH:mm:ss} UTC)";
        }
        _declared.Cancel();
    }

    public void Dispose()
    {
        _stop.Cancel();
    }
}
