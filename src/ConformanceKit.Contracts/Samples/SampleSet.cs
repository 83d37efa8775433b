using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;

namespace ConformanceKit.Contracts.Samples;

/// <summary>
/// One imported api-sample: samples/&lt;api&gt;/[v2.NN/]&lt;name&gt;.json. Samples outside a v2.NN folder
/// belong to microversion 2.1.
/// </summary>
public sealed record SampleFile(string RelativePath, string Api, Microversion Version, string Name, string Text)
{
    private JsonNode? _parsed;
    private bool _isParsed;

    /// <summary>The sample as JSON, placeholders kept as strings.</summary>
    public JsonNode? Json
    {
        get
        {
            if (!_isParsed) { _parsed = SampleTemplate.Parse(Text, RelativePath); _isParsed = true; }
            return _parsed?.DeepClone();
        }
    }
}

/// <summary>The imported samples (the samples/ directory).</summary>
public sealed partial class SampleSet
{
    [GeneratedRegex(@"^v(?<mv>\d+\.\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionDirRe();

    private readonly Dictionary<string, SampleFile> _byPath;

    public string Directory { get; }
    public IReadOnlyList<SampleFile> Files { get; }

    private SampleSet(string directory, List<SampleFile> files)
    {
        Directory = directory;
        Files = files;
        _byPath = files.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
    }

    public SampleFile? Find(string relativePath) => _byPath.GetValueOrDefault(relativePath);

    public SampleFile this[string relativePath] => Find(relativePath)
        ?? throw new FileNotFoundException($"Sample '{relativePath}' is not in {Directory}. Run import-samples, or fix the refinement that names it.");

    /// <summary>Loads every *.json under the directory (PROVENANCE files excluded), in ordinal path order.</summary>
    public static SampleSet Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"The samples directory '{directory}' does not exist. Run import-samples first, or pass --samples.");
        var files = new List<SampleFile>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (rel.StartsWith("PROVENANCE", StringComparison.Ordinal)) continue;
            var file = Describe(rel, File.ReadAllText(path));
            if (file is not null) files.Add(file);
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new SampleSet(directory, files);
    }

    /// <summary>Splits a relative path into api, microversion and name; null when it is not in Nova's layout.</summary>
    public static SampleFile? Describe(string relativePath, string text)
    {
        var parts = relativePath.Split('/');
        var name = Path.GetFileNameWithoutExtension(parts[^1]);
        return parts.Length switch
        {
            2 => new SampleFile(relativePath, parts[0], Microversion.Minimum, name, text),
            3 when VersionDirRe().Match(parts[1]) is { Success: true } m =>
                new SampleFile(relativePath, parts[0], Microversion.Parse(m.Groups["mv"].Value), name, text),
            _ => null,
        };
    }
}
