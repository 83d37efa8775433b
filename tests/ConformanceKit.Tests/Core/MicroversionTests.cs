using ConformanceKit.Core;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Tests.Core;

public class MicroversionTests
{
    [TestCase("2.9", "2.10")]
    [TestCase("2.1", "2.93")]
    [TestCase("2.99", "2.100")]
    public void Compares_numerically_not_as_text(string lower, string higher)
    {
        Microversion.Parse(lower).Should().BeLessThan(Microversion.Parse(higher));
        (Microversion.Parse(higher) > Microversion.Parse(lower)).Should().BeTrue();
    }

    [TestCase("2")]
    [TestCase("2.")]
    [TestCase("two.one")]
    [TestCase("2.01")]
    [TestCase("2.1.3")]
    [TestCase("")]
    public void Rejects_what_is_not_a_microversion(string text) =>
        Microversion.TryParse(text, out _).Should().BeFalse();

    [Test]
    public void Round_trips_through_text() => Microversion.Parse("2.100").ToString().Should().Be("2.100");

    [TestCase("2.1-2.43", "2.43", true)]
    [TestCase("2.1-2.43", "2.44", false)]
    [TestCase("2.17+", "2.16", false)]
    [TestCase("2.17+", "2.104", true)]
    [TestCase("-2.5", "2.5", true)]
    [TestCase("-2.5", "2.6", false)]
    [TestCase("any", "2.1", true)]
    public void Ranges_contain_their_bounds(string range, string version, bool expected) =>
        MicroversionRange.Parse(range).Contains(Microversion.Parse(version)).Should().Be(expected);

    [Test]
    public void Ranges_intersect()
    {
        MicroversionRange.Parse("2.1-2.93").Intersect(MicroversionRange.Parse("2.17+")).Should().Be(MicroversionRange.Parse("2.17-2.93"));
        MicroversionRange.Parse("-2.43").Intersect(MicroversionRange.Parse("2.44+")).Should().BeNull();
    }
}
