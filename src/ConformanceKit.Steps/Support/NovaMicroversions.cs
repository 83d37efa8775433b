using ConformanceKit.Core;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// The boundaries the steps name, forwarded from <see cref="Core.NovaMicroversions"/> where each is written once.
/// Kept so that the step files using these names need no change; new code uses <see cref="Core.NovaMicroversions"/> directly.
/// </summary>
public static class NovaMicroversions
{
    public static Microversion LastProxyApis => Core.NovaMicroversions.LastProxyApis;
    public static Microversion LastFlavorId => Core.NovaMicroversions.LastFlavorId;
    public static Microversion ServicesByUuid => Core.NovaMicroversions.ServicesByUuid;
    public static Microversion ImageIdInBody => Core.NovaMicroversions.ImageIdInBody;
    public static Microversion EvacuateWithoutBody => Core.NovaMicroversions.EvacuateWithoutBody;
    public static Microversion Newest => Core.NovaMicroversions.Newest;
}
