using ConformanceKit.Steps.Support;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>The host gate: shared holds side by side; an exclusive one waits (without polling) until the last shared hold is let go.</summary>
[TestFixture]
public class HostMoveGateTests
{
    [Test]
    public async Task An_exclusive_hold_waits_for_every_shared_hold_and_blocks_new_ones()
    {
        var gate = new HostMoveGate();
        var first = await gate.SharedAsync(CancellationToken.None);
        var second = await gate.SharedAsync(CancellationToken.None);
        var exclusive = gate.ExclusiveAsync(CancellationToken.None);
        first.Dispose();
        Assert.That(exclusive.IsCompleted, Is.False, "one shared hold is still held");
        second.Dispose();
        var hold = await exclusive.WaitAsync(TimeSpan.FromSeconds(10));
        var later = gate.SharedAsync(CancellationToken.None);
        Assert.That(later.IsCompleted, Is.False, "no shared hold while a host may be down");
        hold.Dispose();
        (await later.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Test]
    public async Task A_cancelled_exclusive_wait_lets_the_gate_go()
    {
        var gate = new HostMoveGate();
        var shared = await gate.SharedAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var exclusive = gate.ExclusiveAsync(cancel.Token);
        cancel.Cancel();
        Assert.That(async () => await exclusive, Throws.InstanceOf<OperationCanceledException>());
        // The gate was released: another shared hold is granted at once.
        (await gate.SharedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        shared.Dispose();
    }
}
