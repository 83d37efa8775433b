using System.Reflection;
using System.Text.Json.Nodes;

namespace ConformanceKit.Core;

/// <summary>Whether a server rests in a status or passes through it.</summary>
public enum StatusKind
{
    /// <summary>A server rests here until something acts on it (ACTIVE, SHUTOFF…); the kit can put a server here.</summary>
    Stable,
    /// <summary>Nova is working (REBOOT, RESIZE…); the status changes without another request.</summary>
    Transitional,
    /// <summary>Neither (DELETED, UNKNOWN).</summary>
    Other,
}

/// <summary>
/// A server status as Nova's API shows it ("ACTIVE", "HARD_REBOOT"). Which statuses exist and which are transitional is data,
/// written once in <c>catalogue/statuses.json</c>; a status the data does not list is <see cref="StatusKind.Other"/>.
/// </summary>
public readonly record struct ServerStatus(string Value)
{
    private static readonly Lazy<(IReadOnlyList<ServerStatus> Stable, IReadOnlyList<ServerStatus> Transitional, IReadOnlyList<ServerStatus> Other)> Data = new(() =>
    {
        var root = JsonNode.Parse(CatalogueFiles.Read("statuses.json"))!.AsObject();
        IReadOnlyList<ServerStatus> List(string key) =>
            root[key]?.AsArray().Select(n => new ServerStatus(n!.GetValue<string>())).ToList()
            ?? throw new InvalidOperationException($"catalogue/statuses.json has no '{key}' list.");
        return (List("stable"), List("transitional"), List("other"));
    });

    /// <summary>The statuses a server rests in, in the catalogue's order.</summary>
    public static IReadOnlyList<ServerStatus> Stable => Data.Value.Stable;

    /// <summary>The statuses a server passes through while Nova works.</summary>
    public static IReadOnlyList<ServerStatus> Transitional => Data.Value.Transitional;

    /// <summary>Every status Nova's API shows.</summary>
    public static IEnumerable<ServerStatus> All => Stable.Concat(Transitional).Concat(Data.Value.Other);

    public StatusKind Kind =>
        Stable.Contains(this) ? StatusKind.Stable : Transitional.Contains(this) ? StatusKind.Transitional : StatusKind.Other;

    public bool IsStable => Kind == StatusKind.Stable;
    public bool IsTransitional => Kind == StatusKind.Transitional;

    /// <summary>Whether Nova's API shows this status at all.</summary>
    public bool IsKnown => All.Contains(this);

    /// <summary>True for a transitional status or for none (a server not yet seen), as a waiter needs it.</summary>
    public static bool IsTransitionalText(string? status) => status is not null && new ServerStatus(status).IsTransitional;

    public static implicit operator string(ServerStatus s) => s.Value;

    public override string ToString() => Value;
}

/// <summary>The catalogue's data files (repository folder <c>catalogue/</c>), embedded in ConformanceKit.Core.</summary>
public static class CatalogueFiles
{
    private const string Prefix = "ConformanceKit.Catalogue/";

    /// <summary>Every embedded catalogue file by its path inside <c>catalogue/</c> ("statuses.json", "actions/rebuild.json").</summary>
    public static IReadOnlyDictionary<string, string> All => Embedded.Value;

    public static string Read(string path) => All.TryGetValue(path, out var text)
        ? text
        : throw new InvalidOperationException($"catalogue/{path} is not embedded in ConformanceKit.Core.");

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Embedded = new(() =>
    {
        var asm = typeof(CatalogueFiles).Assembly;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var s = asm.GetManifestResourceStream(name)!;
            using var r = new StreamReader(s);
            files[name[Prefix.Length..].Replace('\\', '/')] = r.ReadToEnd();
        }
        return files;
    });

    /// <summary>The catalogue files of a folder laid out as <c>catalogue/</c> (for tools and tests that edit a copy).</summary>
    public static IReadOnlyDictionary<string, string> LoadDirectory(string directory)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
            files[Path.GetRelativePath(directory, path).Replace('\\', '/')] = File.ReadAllText(path);
        return files;
    }
}
