using ConformanceKit.Client;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Tests.Client;

public class PollTests
{
    [Test]
    public async Task Looks_until_the_condition_holds_and_returns_that_look()
    {
        var looks = 0;
        var (last, held) = await Poll.UntilAsync(() => Task.FromResult(++looks), n => n == 3, TimeSpan.FromSeconds(5), PollSchedule.Every(TimeSpan.FromMilliseconds(1)));
        (last, held, looks).Should().Be((3, true, 3));
    }

    [Test]
    public async Task At_the_deadline_it_gives_the_last_look_and_says_the_condition_did_not_hold()
    {
        var looks = 0;
        var started = DateTimeOffset.UtcNow;
        var (last, held) = await Poll.UntilAsync(() => Task.FromResult(++looks), _ => false, TimeSpan.FromMilliseconds(300), PollSchedule.Every(TimeSpan.FromMilliseconds(100)));
        held.Should().BeFalse();
        last.Should().Be(looks).And.BeGreaterThanOrEqualTo(2, "it looks again after each pause");
        (DateTimeOffset.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290), "it gives up only at the deadline");
    }

    [Test]
    public async Task A_zero_timeout_is_one_look()
    {
        var looks = 0;
        var (_, held) = await Poll.UntilAsync(() => Task.FromResult(++looks), _ => false, TimeSpan.Zero, PollSchedule.Every(TimeSpan.FromSeconds(1)));
        (held, looks).Should().Be((false, 1));
    }
}
