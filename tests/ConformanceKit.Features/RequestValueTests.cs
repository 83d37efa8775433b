using ConformanceKit.Core.Catalogue;
using ConformanceKit.Steps.Drivers;
using ConformanceKit.Steps.Support;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>Every placeholder the catalogue's request bodies use is a value the kit fills; a new one fails here, not mid-run.</summary>
[TestFixture]
public class RequestValueTests
{
    [Test]
    public void Every_catalogue_placeholder_is_a_value_the_kit_fills()
    {
        var used = ActionCatalogue.Default.Actions
            .SelectMany(a => a.Variants.Values.Append(a.Default))
            .SelectMany(v => RequestBodies.Placeholders(v.Request))
            .ToHashSet();
        Assert.That(used, Is.SupersetOf(new[] { RequestValue.Image, RequestValue.OtherHost, RequestValue.Reason, RequestValue.Password }));
    }

    [Test]
    public void A_placeholder_the_kit_cannot_fill_is_named_with_the_ones_it_can()
    {
        Assert.That(RequestValues.Parse("otherHost"), Is.EqualTo(RequestValue.OtherHost));
        Assert.That(() => RequestValues.Parse("colour"), Throws.InvalidOperationException.With.Message.Contains("${colour}").And.Message.Contains("${otherHost}"));
        Assert.That(() => RequestValues.Parse("1"), Throws.InvalidOperationException);
    }
}
