namespace ConformanceKit.Core;

/// <summary>
/// Nova's error kind per HTTP code: the key of its error body <c>{"itemNotFound": {"code": 404, "message": "…"}}</c>
/// (nova.api.openstack.wsgi.Fault._error_names; every other code is "computeFault"). The one table of these names:
/// the steps check errors against it and the simulator answers with it.
/// </summary>
/// <remarks>
/// Not every 401 or 405 comes from Nova's Fault: keystonemiddleware answers 401 with its own <c>{"error": …}</c> body, and a
/// method a route does not have gets webob's plain-text 405. Where Nova's Fault answers, these are its names.
/// </remarks>
public static class NovaErrorKinds
{
    public const string Default = "computeFault";

    /// <summary>The codes Nova's Fault names; every other code is <see cref="Default"/>.</summary>
    public static readonly IReadOnlyDictionary<int, string> Named = new Dictionary<int, string>
    {
        [400] = "badRequest",
        [401] = "unauthorized",
        [403] = "forbidden",
        [404] = "itemNotFound",
        [405] = "badMethod",
        [409] = "conflictingRequest",
        [413] = "overLimit",
        [415] = "badMediaType",
        [429] = "overLimit",
        [501] = "notImplemented",
        [503] = "serviceUnavailable",
    };

    /// <summary>The error kind Nova gives HTTP <paramref name="code"/>.</summary>
    public static string For(int code) => Named.GetValueOrDefault(code, Default);

    /// <summary>Every kind name (for checks that an error body is keyed by one of them).</summary>
    public static IEnumerable<string> Kinds => Named.Values.Append(Default).Distinct();
}
