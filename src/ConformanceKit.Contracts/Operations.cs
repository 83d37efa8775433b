using System.Diagnostics.CodeAnalysis;

namespace ConformanceKit.Contracts;

/// <summary>
/// The operation keys schemas are registered under. Spelled here and nowhere else.
/// </summary>
public static class Operations
{
    /// <summary>GET /servers/{server_id}: the server representation.</summary>
    public const string ServerGet = "server.get";
    /// <summary>GET /servers/{server_id} for a server in a cell that is down (2.69+): a partial representation.</summary>
    public const string ServerGetDownCell = "server.get.down-cell";
    /// <summary>The rebuild action's response body (the same files as action.rebuild.response).</summary>
    public const string ServerRebuild = "server.rebuild";
    /// <summary>POST /servers request body.</summary>
    public const string ServerCreateRequest = "server.create.request";
    /// <summary>POST /servers response body.</summary>
    public const string ServerCreateResponse = "server.create.response";
    /// <summary>GET / : the list of API versions.</summary>
    public const string Versions = "versions";
    /// <summary>GET /v2.1/ : one API version.</summary>
    public const string Version = "version";
    /// <summary>Nova's error body {"&lt;kind&gt;": {"code": N, "message": "…"}} with the kind matching the code.</summary>
    public const string Error = "error";
    /// <summary>keystonemiddleware's 401 body {"error": {"code": 401, "title": …, "message": …}} (Nova is not involved).</summary>
    public const string KeystoneError = "error.keystone";
    /// <summary>webob's JSON error for a route that does not exist: {"message": …, "code": "404 Not Found", "title": …}.</summary>
    public const string WebobError = "error.webob";

    public enum Part { Request, Response }

    /// <summary>action.&lt;name&gt;.request: the body of POST /servers/{id}/action for that action.</summary>
    public static string ActionRequest(string action) => $"action.{action}.request";

    /// <summary>action.&lt;name&gt;.response: the body of the action's normal response (only actions that have one).</summary>
    public static string ActionResponse(string action) => $"action.{action}.response";

    public static bool TryParseAction(string operation, [NotNullWhen(true)] out string? action, out Part part)
    {
        action = null;
        part = Part.Request;
        if (!operation.StartsWith("action.", StringComparison.Ordinal)) return false;
        if (operation.EndsWith(".request", StringComparison.Ordinal)) part = Part.Request;
        else if (operation.EndsWith(".response", StringComparison.Ordinal)) part = Part.Response;
        else return false;
        action = operation["action.".Length..operation.LastIndexOf('.')];
        return action.Length > 0;
    }
}
