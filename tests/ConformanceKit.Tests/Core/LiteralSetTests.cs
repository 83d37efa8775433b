using ConformanceKit.Core.Text;
using FluentAssertions;
using NUnit.Framework;

namespace ConformanceKit.Tests.Core;

public class LiteralSetTests
{
    [Test]
    public void Replaces_every_occurrence_left_to_right_and_counts_them()
    {
        var set = new LiteralSet(["tok", "pass"]);
        set.ReplaceAll("a tok, a pass, a tok", "*", out var count).Should().Be("a *, a *, a *");
        count.Should().Be(3);
    }

    [Test]
    public void Where_two_start_at_one_place_the_longest_wins()
    {
        var set = new LiteralSet(["ab", "abcd", "cd"]);
        set.ReplaceAll("xabcdx abx cdx", "#", out _).Should().Be("x#x #x #x");
        set.LongestPrefixOf("abcde").Should().Be("abcd");
        set.LongestPrefixOf("zz").Should().BeNull();
    }

    [Test]
    public void A_text_without_any_is_returned_as_it_is()
    {
        var text = "nothing here";
        new LiteralSet(["secret"]).ReplaceAll(text, "*", out var count).Should().BeSameAs(text);
        count.Should().Be(0);
        LiteralSet.Empty.ReplaceAll(text, "*", out _).Should().BeSameAs(text);
        LiteralSet.Empty.IndexOfAny(text).Should().Be(-1);
    }

    [Test]
    public void Empty_and_repeated_literals_are_dropped_and_the_rest_kept_longest_first()
    {
        var set = new LiteralSet(["b", "", "ccc", "b", "aa"]);
        set.Literals.Should().Equal("ccc", "aa", "b");
        set.Count.Should().Be(3);
    }
}
