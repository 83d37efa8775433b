using System.Globalization;
using System.Text.RegularExpressions;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// The one spelling of what the kit names: run ids (<c>yyyyMMddHHmmss</c> and 4 hex digits), resource names
/// (<c>nck-&lt;run id&gt;-&lt;purpose&gt;-&lt;6 hex digits&gt;</c>), and the metadata by which a run says it is still going.
/// The sweeper deletes nothing whose name does not match <see cref="Resource"/> exactly.
/// </summary>
public static partial class KitNames
{
    /// <summary>Metadata key on every server the kit creates: the run id.</summary>
    public const string RunKey = "nck-run";

    /// <summary>Metadata key on every server the kit creates: when the run last said it was alive (Unix seconds).</summary>
    public const string HeartbeatKey = "nck-heartbeat";

    /// <summary>How often a run refreshes the heartbeat of its servers.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(60);

    /// <summary>A run whose newest heartbeat (or server update) is older than this is over, for a sweep without --run-id.</summary>
    public static readonly TimeSpan LiveFor = TimeSpan.FromMinutes(5);

    [GeneratedRegex("^[0-9]{14}[0-9a-f]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdRegex();

    [GeneratedRegex("^nck-(?<run>[0-9]{14}[0-9a-f]{4})-(?<purpose>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)-(?<suffix>[0-9a-f]{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceRegex();

    [GeneratedRegex("(?:^|[^A-Za-z0-9-])nck-(?<run>[0-9]{14}[0-9a-f]{4})(?:$|[^A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex MentionRegex();

    /// <summary>A new run id: the UTC time and 4 random hex digits.</summary>
    public static string NewRunId() => DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..4];

    public static bool IsRunId(string? text) => text is not null && RunIdRegex().IsMatch(text);

    /// <summary>A resource name for the run: <c>nck-&lt;run id&gt;-&lt;purpose&gt;-&lt;6 hex&gt;</c>.</summary>
    public static string NewName(string runId, string purpose) => $"{KitOptions.NamePrefix}{runId}-{purpose}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The run id of a name the kit gave, or null when the name is not exactly of the kit's pattern.</summary>
    public static string? RunIdOf(string? name) => name is not null && ResourceRegex().Match(name) is { Success: true } m ? m.Groups["run"].Value : null;

    /// <summary>The run id a description mentions as "nck-&lt;run id&gt;" (floating IPs carry it there), or null.</summary>
    public static string? RunIdMentioned(string? description) =>
        description is not null && MentionRegex().Match(description) is { Success: true } m ? m.Groups["run"].Value : null;
}
