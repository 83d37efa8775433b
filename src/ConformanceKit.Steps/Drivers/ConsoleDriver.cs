using System.Text.Json.Nodes;
using ConformanceKit.Client;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.Drivers;

/// <summary>Requests a console output of a chosen length, and reads console answers.</summary>
public sealed class ConsoleDriver(KitSession session, ScenarioState state, ActionDriver actions)
{
    private const string ConsoleOutput = "os-getConsoleOutput";

    /// <summary>Nova's message for a console type its configuration disables (ConsoleTypeUnavailable).</summary>
    private const string UnavailableConsoleType = "Unavailable console type";

    /// <summary>os-getConsoleOutput with the catalogue's request, asking for the last <paramref name="lines"/> lines.</summary>
    public Task<NovaResponse> OutputAsync(Role actor, int lines)
    {
        var action = session.Catalogue[ConsoleOutput];
        var request = (JsonObject)action.Default.Request!.DeepClone();
        request[ConsoleOutput] = new JsonObject { ["length"] = lines };
        var variant = action.Default with { Request = request };
        return actions.InvokeAsync(actor, action with { Default = variant }, null, state.RequireServer());
    }

    public static string? Output(NovaResponse response) => response.Json?["output"]?.ToString();

    /// <summary>The lines of a console output (a trailing newline does not start another line).</summary>
    public static IReadOnlyList<string> Lines(string output) =>
        output.Length == 0 ? [] : output.TrimEnd('\n').Split('\n');

    /// <summary>
    /// Actions the api-ref documents as removed in a later Nova release, with that release. os-getRDPConsole:
    /// servers-action-rdp-remote-consoles.inc, "Along with HyperV driver, this action was removed in Nova 29.0.0
    /// (caracal) release".
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RemovedIn = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["os-getRDPConsole"] = "29.0.0 (Caracal), with the Hyper-V driver",
    };

    /// <summary>
    /// What a Nova from the removal release on answers to a removed action (its method raises a bare webob
    /// HTTPBadRequest before looking the server up: 400 with webob's default explanation). Measured on Nova 31.0.0.
    /// </summary>
    public const string RemovedActionMessage = "The server could not comply with the request since it is either malformed or otherwise incorrect.";

    /// <summary>The answer of a release without <paramref name="action"/>, which the api-ref documents as removed; null otherwise.</summary>
    public static string? RemovedAnswer(string? action, NovaResponse response) =>
        action is not null && RemovedIn.TryGetValue(action, out var release) && response.Status == 400 && response.ErrorMessage == RemovedActionMessage
            ? $"{action} was removed from Nova in {release} (api-ref), and this cloud answers as a release without it: {response}."
            : null;

    /// <summary>The documented answers of a deployment that does not offer a console type: 400 "Unavailable console type …" or 501.</summary>
    public static bool IsDisabledConsoleAnswer(NovaResponse response) =>
        response.Status == 501 || (response.Status == 400 && response.ErrorMessage?.StartsWith(UnavailableConsoleType, StringComparison.Ordinal) == true);

    /// <summary>The console type the last request asked for, from the catalogue's request of the last action.</summary>
    public string? RequestedType() =>
        state.LastAction is { } a ? session.Catalogue.Find(a.Action)?.Variant(a.Variant).Request?[a.Action]?["type"]?.ToString() : null;
}
