namespace ConformanceKit.Steps.Support;

/// <summary>
/// Keeps scenarios that run in parallel from breaking each other when one takes a compute host down. Every scenario
/// holds the gate shared for its whole life (cleanup included): such scenarios run side by side. A scenario that takes
/// a compute host down (evacuate) holds it exclusively, from before the host goes down until its own cleanup is done,
/// so that no other scenario's server sits on a host that is down (Nova would refuse to move it and delete it locally),
/// no move loses its destination, and no two scenarios take both hosts down.
/// </summary>
public sealed class HostMoveGate
{
    /// <summary>How long a scenario waits for the gate before it is reported broken.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _count = new();
    private int _shared;
    // Completed whenever no shared hold is left; an exclusive hold waits on it instead of polling the count.
    private TaskCompletionSource _noneShared = Drained();

    private static TaskCompletionSource Drained()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    /// <summary>A shared hold; dispose it after the scenario.</summary>
    public async Task<IDisposable> SharedAsync(CancellationToken ct)
    {
        if (!await _gate.WaitAsync(WaitLimit, ct).ConfigureAwait(false))
            throw new Gherkin.ScenarioBrokenException($"Another scenario kept a compute host down for more than {WaitLimit.TotalMinutes:0} min; this scenario could not move its server.");
        lock (_count)
        {
            if (_shared++ == 0) _noneShared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _gate.Release();
        return new Hold(() =>
        {
            lock (_count)
            {
                if (--_shared == 0) _noneShared.TrySetResult();
            }
        });
    }

    /// <summary>An exclusive hold: waits until no shared hold is left. Dispose it once the hosts are back.</summary>
    public async Task<IDisposable> ExclusiveAsync(CancellationToken ct)
    {
        if (!await _gate.WaitAsync(WaitLimit, ct).ConfigureAwait(false))
            throw new Gherkin.ScenarioBrokenException($"Another scenario kept a compute host down for more than {WaitLimit.TotalMinutes:0} min.");
        // With the gate held no new shared hold starts, so the shared holds can only drain.
        Task drained;
        lock (_count) drained = _noneShared.Task;
        try
        {
            await drained.WaitAsync(WaitLimit, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            _gate.Release();
            if (e is OperationCanceledException) throw;
            throw new Gherkin.ScenarioBrokenException($"{Volatile.Read(ref _shared)} scenario(s) were still moving servers between hosts after {WaitLimit.TotalMinutes:0} min; no host was taken down.");
        }
        return new Hold(() => _gate.Release());
    }

    private sealed class Hold(Action release) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) release();
        }
    }
}
