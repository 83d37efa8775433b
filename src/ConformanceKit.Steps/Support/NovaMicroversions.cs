using ConformanceKit.Core;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// Microversions at which something the steps rely on changes (outside the catalogue's action windows), named once.
/// Each comes from the api-ref or Nova's REST API version history.
/// </summary>
public static class NovaMicroversions
{
    /// <summary>The last microversion of the proxy APIs (os-floating-ips, os-security-groups, images…); 404 from 2.36.</summary>
    public static readonly Microversion LastProxyApis = new(2, 35);

    /// <summary>From 2.47 GET /servers/{id} embeds the flavor (original_name…) instead of its id; 2.46 is the last with the id.</summary>
    public static readonly Microversion LastFlavorId = new(2, 46);

    /// <summary>From 2.53 os-services are addressed by UUID and PUT /os-services/{id} takes {"forced_down": bool}.</summary>
    public static readonly Microversion ServicesByUuid = new(2, 53);

    /// <summary>From 2.45 createImage and createBackup answer {"image_id"} and no Location header.</summary>
    public static readonly Microversion ImageIdInBody = new(2, 45);

    /// <summary>From 2.14 evacuate answers no body (before: {"adminPass"}).</summary>
    public static readonly Microversion EvacuateWithoutBody = new(2, 14);
}
