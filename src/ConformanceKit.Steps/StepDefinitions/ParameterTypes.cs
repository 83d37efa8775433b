using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>A microversion as a feature names it: a number, or "latest" (the endpoint's highest the kit knows).</summary>
public readonly record struct RequestedMicroversion(Microversion? Value)
{
    public bool IsLatest => Value is null;
    public Microversion Resolve(KitSession session) => Value ?? session.Latest;
    public override string ToString() => Value?.ToString() ?? "latest";
}

/// <summary>The typed words features use: who acts, which action, which status, which microversion.</summary>
[Binding]
public sealed class ParameterTypes
{
    [ParameterType("actor", "owner|admin|member of another project|reader")]
    public static Role Actor(string text) => text switch
    {
        "owner" => Role.Owner,
        "admin" => Role.Admin,
        "member of another project" => Role.OtherProject,
        "reader" => Role.Reader,
        _ => throw new FormatException($"'{text}' is not an actor (owner, admin, member of another project)."),
    };

    /// <summary>An action named by its verb phrase in the catalogue ("pauses", "backs up", "changes the password of").</summary>
    [ParameterType("action", "[a-z][A-Za-z -]*?")]
    public static ActionDefinition Action(string verb) =>
        ActionCatalogue.Default.FindByVerb(verb)
        ?? throw new FormatException($"'{verb}' names no action in the catalogue. Known verbs: {string.Join(", ", ActionCatalogue.Default.Actions.Select(a => a.Verb))}.");

    /// <summary>A variant in parentheses, as in "reboots the server (HARD)".</summary>
    [ParameterType("variant", @"\([^)]+\)")]
    public static string Variant(string text) => text[1..^1];

    [ParameterType("status", "[A-Z][A-Z_]+")]
    public static string Status(string text)
    {
        var known = ActionCatalogue.Default.StableStatuses;
        return known.Contains(text) || text is "REBOOT" or "HARD_REBOOT" or "REBUILD" or "RESIZE" or "REVERT_RESIZE" or "MIGRATING"
            ? text
            : throw new FormatException($"'{text}' is not a server status. Stable statuses: {string.Join(", ", known)}.");
    }

    [ParameterType("microversion", @"\d+\.\d+|latest")]
    public static RequestedMicroversion Microversion(string text) =>
        text == "latest" ? new RequestedMicroversion(null) : new RequestedMicroversion(Core.Microversion.Parse(text));
}
