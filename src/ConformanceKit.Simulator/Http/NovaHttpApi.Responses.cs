using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;
using Microsoft.AspNetCore.Http;

namespace ConformanceKit.Simulator.Http;

/// <summary>The simulator's HTTP side: writing responses: version headers, Nova fault bodies, webob-style answers.</summary>
internal sealed partial class NovaHttpApi
{
    private async Task MissingTokenAsync(HttpContext http, string url)
    {
        if (backend.Options.MissingToken == MissingTokenBehaviour.LegacyNoAuth)
        {
            http.Response.Headers["X-Auth-Token"] = "admin:admin";
            http.Response.Headers["X-Server-Management-Url"] = url.TrimEnd('/');
            http.Response.StatusCode = 204;
            http.Response.ContentType = "text/plain";
            return;
        }
        http.Response.Headers.WWWAuthenticate = "Keystone uri=\"http://127.0.0.1:5000\"";
        await WriteJsonAsync(http, 401, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = 401, ["title"] = "Unauthorized", ["message"] = "The request you have made requires authentication.",
            },
        }, JsonType);
    }

    /// <summary>A route Nova does not have: webob's own 404 (plain text, or JSON when the client accepts it).</summary>
    private static async Task WebobNotFoundAsync(HttpContext http)
    {
        var accept = http.Request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase))
            await WriteJsonAsync(http, 404, new JsonObject
            {
                ["message"] = "The resource could not be found.<br /><br />\n\n\n", ["code"] = "404 Not Found", ["title"] = "Not Found",
            }, "application/json");
        else if (accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            await WriteRawAsync(http, 404, "text/html; charset=UTF-8", Encoding.UTF8.GetBytes(
                "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>"));
        else
            await WritePlainAsync(http, 404, "404 Not Found\n\nThe resource could not be found.\n\n   ");
    }

    private void SetVersionHeaders(Call call, Microversion? version = null)
    {
        var v = version ?? call.Version;
        if (v is null || Faults.Has(Fault.NoMicroversionEcho)) return;
        var headers = call.Http.Response.Headers;
        headers[VersionHeader] = "compute " + v.Value;
        headers[LegacyVersionHeader] = v.Value.ToString();
        headers.Append("Vary", VersionHeader);
        headers.Append("Vary", LegacyVersionHeader);
    }

    private async Task WriteOkAsync(Call call, int code, JsonNode? body)
    {
        SetVersionHeaders(call);
        if (call.IsAction && Faults.Has(Fault.Garbage))
        {
            await WriteRawAsync(call.Http, code, JsonType, Encoding.UTF8.GetBytes("<html><body>Simulated garbage (fault profile garbage)</body></html>"));
            return;
        }
        if (code == 204)
        {
            call.Http.Response.StatusCode = 204;
            return;
        }
        if (body is null)
        {
            await WriteRawAsync(call.Http, code, JsonType, []);
            return;
        }
        await WriteJsonAsync(call.Http, code, body, JsonType);
    }

    private async Task WriteFaultAsync(Call call, int code, string message)
    {
        SetVersionHeaders(call);
        if (call.IsAction && Faults.Has(Fault.Garbage))
        {
            await WriteRawAsync(call.Http, code, FaultType, Encoding.UTF8.GetBytes("<html><body>Simulated garbage (fault profile garbage)</body></html>"));
            return;
        }
        var inner = new JsonObject { ["code"] = code, ["message"] = message };
        JsonObject body = Faults.Has(Fault.WrongErrorShape) ? inner : new JsonObject { [FaultKind(code)] = inner };
        await WriteJsonAsync(call.Http, code, body, FaultType);
    }

    /// <summary>Nova's Fault names by HTTP code: the kit's one table (<see cref="NovaErrorKinds"/>).</summary>
    public static string FaultKind(int code) => NovaErrorKinds.For(code);

    private static Task WriteJsonAsync(HttpContext http, int code, JsonNode body, string contentType) =>
        WriteRawAsync(http, code, contentType, Encoding.UTF8.GetBytes(body.ToJsonString(Compact)));

    private static Task WritePlainAsync(HttpContext http, int code, string text) =>
        WriteRawAsync(http, code, "text/plain; charset=UTF-8", Encoding.UTF8.GetBytes(text));

    private static async Task WriteRawAsync(HttpContext http, int code, string contentType, byte[] body)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        if (body.Length > 0 && !HttpMethods.IsHead(http.Request.Method)) await http.Response.Body.WriteAsync(body);
    }
}
