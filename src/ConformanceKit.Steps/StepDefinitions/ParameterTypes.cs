using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.StepDefinitions;

/// <summary>A microversion as a feature names it: a number, or "latest" (the endpoint's highest the kit knows).</summary>
public readonly record struct RequestedMicroversion(Microversion? Value)
{
    public bool IsLatest => Value is null;
    public Microversion Resolve(KitSession session) => Value ?? session.Latest;
    public override string ToString() => Value?.ToString() ?? "latest";
}

/// <summary>
/// The typed words features use: who acts, which action, which status, which microversion. Each is a Reqnroll
/// <see cref="StepArgumentTransformationAttribute"/> with a name, which makes it a Cucumber-expression parameter type
/// (<c>{actor}</c>, <c>{action}</c>, <c>{variant}</c>, <c>{status}</c>, <c>{microversion}</c>). The regular expression's
/// group is what the method receives.
/// </summary>
[Binding]
public sealed class ParameterTypes
{
    [StepArgumentTransformation("(owner|admin|member of another project|reader)", Name = "actor")]
    public static Role Actor(string text) => text switch
    {
        "owner" => Role.Owner,
        "admin" => Role.Admin,
        "member of another project" => Role.OtherProject,
        "reader" => Role.Reader,
        _ => throw new FormatException($"'{text}' is not an actor (owner, admin, member of another project)."),
    };

    /// <summary>An action named by its verb phrase in the catalogue ("pauses", "backs up", "changes the password of").</summary>
    [StepArgumentTransformation("([a-z][A-Za-z -]*?)", Name = "action")]
    public static ActionDefinition Action(string verb) =>
        FindAction(verb)
        ?? throw new FormatException($"'{verb}' names no action in the catalogue. Known verbs: {string.Join(", ", ActionCatalogue.Default.Actions.Select(a => a.Verb))}.");

    /// <summary>The action whose verb phrase this is, or null.</summary>
    public static ActionDefinition? FindAction(string verb) => ActionCatalogue.Default.FindByVerb(verb);

    /// <summary>A variant in parentheses, as in "reboots the server (HARD)".</summary>
    /// <remarks>
    /// Written with character classes: Reqnroll turns a regular expression with an escaped parenthesis into "anything".
    /// The group keeps the parentheses, so that the text given to the method is not itself a {status} to transform.
    /// </remarks>
    [StepArgumentTransformation("([(][^)]+[)])", Name = "variant")]
    public static string Variant(string text) => text[1..^1];

    [StepArgumentTransformation("([A-Z][A-Z_]+)", Name = "status")]
    public static string Status(string text)
    {
        var status = new Core.ServerStatus(text);
        return status.IsStable || status.IsTransitional
            ? text
            : throw new FormatException($"'{text}' is not a server status. Stable statuses: {string.Join(", ", Core.ServerStatus.Stable)}.");
    }

    [StepArgumentTransformation(@"(\d+\.\d+|latest)", Name = "microversion")]
    public static RequestedMicroversion Microversion(string text) =>
        text == "latest" ? new RequestedMicroversion(null) : new RequestedMicroversion(Core.Microversion.Parse(text));
}
