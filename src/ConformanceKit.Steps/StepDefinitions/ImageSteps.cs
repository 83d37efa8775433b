using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using FluentAssertions;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>What createImage and createBackup answer (a Location header before 2.45, {"image_id"} from 2.45), and the image a rebuilt server shows.</summary>
[Binding]
public sealed class ImageSteps(KitSession session, ScenarioState state, Drivers.ServerDriver servers)
{
    /// <summary>After a rebuild: GET shows the image the rebuild asked for (<c>${image}</c>, the run's image).</summary>
    [Then("the server has the image it was rebuilt with")]
    public async Task HasTheRebuildImage()
    {
        var expected = state.Values[RequestValue.Image] ?? session.ImageRef;
        var view = await servers.ViewAsync(null);
        var shown = view.Raw["image"]?["id"]?.ToString();
        shown.Should().Be(expected, $"the server was rebuilt from image {expected}; GET shows image {(shown ?? "(none)")}");
    }

    [Then("the response carries a Location header naming the new image")]
    public void LocationNamesTheImage()
    {
        var response = state.RequireResponse();
        var location = response.Header("Location");
        location.Should().NotBeNullOrEmpty("before 2.45 createImage and createBackup answer with the new image's URL in a Location header");
        Uri.TryCreate(location, UriKind.Absolute, out var url).Should().BeTrue($"Location must be an absolute URL, not '{location}'");
        var segments = url!.AbsolutePath.TrimEnd('/').Split('/');
        segments.Length.Should().BeGreaterThan(1);
        segments[^2].Should().Be("images", $"the Location '{location}' must point at an image");
        Guid.TryParse(segments[^1], out _).Should().BeTrue($"the Location '{location}' must end with the new image's id");
    }

    [Then("the response carries no Location header")]
    public void NoLocation() =>
        state.RequireResponse().Header("Location").Should().BeNull("from 2.45 the new image's id is in the body and the Location header is gone");

    [Then("the body has the new image's image_id")]
    public void BodyHasImageId()
    {
        var response = state.RequireResponse();
        response.Json.Should().NotBeNull($"from 2.45 the body is {{\"image_id\": …}}; got '{response.Body}'");
        var id = response.Json!["image_id"]?.ToString();
        Guid.TryParse(id, out _).Should().BeTrue($"image_id must be the new image's UUID; the body was {response.Body}");
    }
}
