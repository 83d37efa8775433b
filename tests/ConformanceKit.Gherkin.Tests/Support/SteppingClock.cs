namespace ConformanceKit.Gherkin.Tests.Support;

/// <summary>A clock that moves one second forward each time it is read, so start/stop times are predictable.</summary>
internal sealed class SteppingClock : TimeProvider
{
    public static readonly DateTimeOffset Origin = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private int reads;

    public override DateTimeOffset GetUtcNow() => Origin.AddSeconds(Interlocked.Increment(ref reads) - 1);
}
