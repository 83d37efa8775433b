using System.Text.Json.Nodes;

namespace ConformanceKit.Core.Catalogue;

/// <summary>Who may call an action under Nova's default policy.</summary>
public enum ActionPolicy
{
    /// <summary>The server's owner (a project member) or an admin.</summary>
    Owner,
    /// <summary>Admins only; a member gets 403.</summary>
    Admin,
}

/// <summary>What the normal response carries: a JSON body within <see cref="Body"/> (null: never), no body elsewhere.</summary>
public readonly record struct ResponseShape(MicroversionRange? Body)
{
    /// <summary>No body at any microversion.</summary>
    public static readonly ResponseShape Empty = new(null);

    /// <summary>A JSON body at every microversion.</summary>
    public static readonly ResponseShape Json = new(MicroversionRange.Any);

    /// <summary>Whether the normal response has a JSON body at <paramref name="version"/>.</summary>
    public bool HasBodyAt(Microversion version) => Body is { } b && b.Contains(version);

    public override string ToString() => Body is null ? "empty" : Body == MicroversionRange.Any ? "json" : $"json at {Body}";
}

/// <summary>
/// What a server looks like once an action has settled. Most actions name a status; the others
/// keep the status the server had, or remove the server.
/// </summary>
public abstract record Settlement
{
    public sealed record Status(string Value) : Settlement { public override string ToString() => Value; }
    /// <summary>The status the server had before the action.</summary>
    public sealed record Previous : Settlement { public override string ToString() => "(unchanged)"; }
    /// <summary>SHUTOFF stays SHUTOFF, everything else becomes ACTIVE (rebuild).</summary>
    public sealed record PreviousOrActive : Settlement { public override string ToString() => "(SHUTOFF stays, else ACTIVE)"; }
    /// <summary>The server is gone (404).</summary>
    public sealed record Deleted : Settlement { public override string ToString() => "(deleted)"; }

    public static Settlement Parse(string? text) => text switch
    {
        null or "$previous" => new Previous(),
        "$previous-or-active" => new PreviousOrActive(),
        "$deleted" => new Deleted(),
        "$requested-state" => new Previous(),
        _ when text.StartsWith('$') => throw new FormatException($"unknown settlement '{text}'"),
        _ => new Status(text),
    };

    /// <summary>The status expected after the action, given the status before it (null: deleted).</summary>
    public string? After(string before) => this switch
    {
        Status s => s.Value,
        Previous => before,
        PreviousOrActive => before == "SHUTOFF" ? "SHUTOFF" : "ACTIVE",
        Deleted => null,
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>One way of calling an action (reboot SOFT/HARD, lock with a reason...).</summary>
public sealed record ActionVariant(
    string Name,
    JsonNode? Request,
    MicroversionRange Microversions,
    IReadOnlyList<string>? AllowedFrom,
    string? TransitionalStatus,
    string? TaskState,
    Settlement Settles);

/// <summary>Everything the kit knows about one server action, from the api-ref.</summary>
public sealed record ActionDefinition(
    string Name,
    string Verb,
    string Title,
    string ApiRefFile,
    MicroversionRange Microversions,
    ActionPolicy Policy,
    bool LockChecked,
    int NormalCode,
    IReadOnlyList<int> ErrorCodes,
    string SamplesDirectory,
    ResponseShape Response,
    ActionVariant Default,
    IReadOnlyDictionary<string, ActionVariant> Variants)
{
    /// <summary>How real Nova implements the action (the "nova" object of its catalogue file); null in a catalogue written without it.</summary>
    public NovaFacts? Nova { get; init; }

    /// <summary>Where real Nova differs from the api-ref, and how (the "realNova" note), if it does.</summary>
    public string? RealNova { get; init; }

    /// <summary>The Sphinx anchor of the action's section in the compute api-ref.</summary>
    public string ApiRefAnchor => Anchor(Title);

    /// <summary>Link to the action in the published compute api-ref.</summary>
    public Uri ApiRefUrl => new($"https://docs.openstack.org/api-ref/compute/#{ApiRefAnchor}");

    public bool Documents(int code) => code == NormalCode || ErrorCodes.Contains(code);

    /// <summary>The named variant, or the default one when <paramref name="name"/> is null.</summary>
    public ActionVariant Variant(string? name) =>
        name is null ? Default
        : Variants.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"Action '{Name}' has no variant '{name}'. Known: {string.Join(", ", Variants.Keys)}.");

    /// <summary>The statuses the action is documented to be allowed from (null: no documented precondition).</summary>
    public IReadOnlyList<string>? AllowedFrom => Default.AllowedFrom;

    public static string Anchor(string title)
    {
        var chars = title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var collapsed = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return collapsed;
    }
}
