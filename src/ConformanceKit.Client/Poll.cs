namespace ConformanceKit.Client;

/// <summary>
/// The kit's one way to wait for what only a look can tell (a server's host, a service's state, an answer that is no
/// longer a quota refusal): look; until the condition holds or the time is up, pause (the schedule's next pause, never
/// past the deadline) and look again. It returns the last look and whether the condition held, so that the caller can
/// report the last state seen. <see cref="ServerWaiter"/> uses the same <see cref="PollSchedule"/>.
/// </summary>
public static class Poll
{
    public static async Task<(T Last, bool Held)> UntilAsync<T>(Func<Task<T>> look, Func<T, bool> holds, TimeSpan timeout,
        PollSchedule schedule, CancellationToken ct = default, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var deadline = clock.GetUtcNow() + timeout;
        var last = await look().ConfigureAwait(false);
        while (!holds(last))
        {
            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero) return (last, false);
            var pause = schedule.Next();
            await Task.Delay(pause < left ? pause : left, clock, ct).ConfigureAwait(false);
            last = await look().ConfigureAwait(false);
        }
        return (last, true);
    }
}
