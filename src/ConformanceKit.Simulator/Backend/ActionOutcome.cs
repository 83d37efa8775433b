using System.Text.Json.Nodes;

namespace ConformanceKit.Simulator.Backend;

/// <summary>Where a Location header of an action points; the HTTP layer turns it into a URL.</summary>
public enum LocationKind
{
    /// <summary>{endpoint}/servers/{id} (POST /servers, rebuild).</summary>
    Server,
    /// <summary>{endpoint}/images/{id}, Nova's image proxy (createBackup below 2.45).</summary>
    ComputeImage,
    /// <summary>{glance}/images/{id}, the Glance endpoint (createImage below 2.45).</summary>
    GlanceImage,
}

/// <summary>What an accepted server action answers. Rendering into HTTP is the endpoints' job.</summary>
public sealed class ActionOutcome
{
    public ActionOutcome(int code) => Code = code;

    /// <summary>The HTTP status code (the catalogue's normal code).</summary>
    public int Code { get; set; }

    /// <summary>The JSON body, or null for no body.</summary>
    public JsonNode? Body { get; set; }

    /// <summary>The controller returned a bare webob.Response: Content-Type is text/html; charset=UTF-8 and there is no body.</summary>
    public bool BareWebobResponse { get; set; }

    /// <summary>Location header target, if any.</summary>
    public (LocationKind Kind, string Id)? Location { get; set; }

    /// <summary>rebuild: the server as it was when the action was accepted, rendered as Nova's rebuild view.</summary>
    public SimServer? RebuildView { get; set; }

    /// <summary>rebuild: the admin password added to the rebuild view.</summary>
    public string? AdminPass { get; set; }
}
