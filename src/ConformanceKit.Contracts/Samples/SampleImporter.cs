using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Contracts.Samples;

/// <summary>Where samples were found and in which form.</summary>
public enum SampleSourceKind
{
    /// <summary>An installed nova package: templates with placeholders under nova/tests/functional/api_sample_tests/api_samples.</summary>
    PackageTemplates,
    /// <summary>A Nova source tree: the same templates under nova/tests/functional/api_sample_tests/api_samples.</summary>
    SourceTreeTemplates,
    /// <summary>A Nova source tree's doc/api_samples: concrete values, no placeholders.</summary>
    DocSamples,
}

public sealed record ImportOptions(string From, string To, IReadOnlyList<string>? Apis = null);

public sealed record ImportResult(
    string SourceDirectory,
    SampleSourceKind Kind,
    string NovaVersion,
    string? DebianPackage,
    IReadOnlyList<string> Apis,
    IReadOnlyList<string> Written,
    IReadOnlyList<(string File, string Reason)> Skipped);

/// <summary>A user error (bad path, bad option): reported as one line, never as a stack trace.</summary>
public sealed class ContractsUsageException(string message) : Exception(message);

/// <summary>
/// import-samples: copies Nova's api-samples for the server APIs into samples/, keeping Nova's layout
/// (&lt;api&gt;/[v2.NN/]&lt;name&gt;.json) and the placeholders, and records where they came from in
/// samples/PROVENANCE.json. Running it twice on the same source gives identical files.
/// </summary>
public static class SampleImporter
{
    public const string TemplatesSubPath = "tests/functional/api_sample_tests/api_samples";
    public const string ProvenanceFile = "PROVENANCE.json";
    public const string Licence = "Apache-2.0";

    /// <summary>
    /// The sample folders of the server APIs: every folder the action catalogue names, the servers
    /// folder, plus the few others the kit reads (instance actions, versions, preserve-ephemeral rebuild).
    /// </summary>
    public static IReadOnlyList<string> DefaultApis { get; } = ActionCatalogue.Default.Actions
        .Select(a => a.SamplesDirectory)
        .Concat(["servers", "os-instance-actions", "os-preserve-ephemeral-rebuild", "versions"])
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    public const string Usage = "usage: import-samples --from PATH [--to DIR] [--api NAME ...]\n" +
        "  PATH: an installed nova package (e.g. /usr/lib/python3/dist-packages/nova), its api_samples folder,\n" +
        "        a Nova source tree, or a doc/api_samples folder. DIR defaults to ./samples.";

    /// <summary>Command-line entry point; returns the process exit code (0 ok, 2 usage or input error).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        try
        {
            string? from = null, to = null;
            var apis = new List<string>();
            for (var i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ContractsUsageException($"{args[i]} needs a value.\n{Usage}");
                switch (args[i])
                {
                    case "--from": from = Value(); break;
                    case "--to": to = Value(); break;
                    case "--api": apis.Add(Value()); break;
                    case "-h" or "--help": stdout.WriteLine(Usage); return 0;
                    default: throw new ContractsUsageException($"unknown option '{args[i]}'.\n{Usage}");
                }
            }
            if (from is null) throw new ContractsUsageException($"--from is required.\n{Usage}");
            var result = Import(new ImportOptions(from, to ?? "samples", apis.Count > 0 ? apis : null));
            stdout.WriteLine($"Imported {result.Written.Count} samples of {result.Apis.Count} APIs from {result.SourceDirectory} " +
                $"(Nova {result.NovaVersion}{(result.DebianPackage is null ? "" : ", " + result.DebianPackage)}) into {Path.GetFullPath(to ?? "samples")}.");
            foreach (var (file, reason) in result.Skipped) stdout.WriteLine($"  skipped {file}: {reason}");
            return 0;
        }
        catch (ContractsUsageException e)
        {
            stderr.WriteLine($"import-samples: {e.Message}");
            return 2;
        }
    }

    public static ImportResult Import(ImportOptions options)
    {
        var (sourceDir, kind, root) = Locate(options.From);
        var apis = (options.Apis ?? DefaultApis).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = apis.Where(a => !Directory.Exists(Path.Combine(sourceDir, a))).ToList();
        if (missing.Count > 0)
            throw new ContractsUsageException($"{sourceDir} has no sample folder for {string.Join(", ", missing)}; pass --api for the folders it has.");

        PrepareDestination(options.To);

        var written = new List<string>();
        var skipped = new List<(string, string)>();
        var digest = new StringBuilder();
        foreach (var api in apis)
        {
            var apiDir = Path.Combine(sourceDir, api);
            var files = Directory.EnumerateFiles(apiDir, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(sourceDir, p).Replace('\\', '/'))
                .Where(p => p.EndsWith(".json.tpl", StringComparison.Ordinal) || p.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var rel in files)
            {
                var target = rel.EndsWith(".tpl", StringComparison.Ordinal) ? rel[..^4] : rel;
                if (SampleSet.Describe(target, "") is null) { skipped.Add((rel, "not in the <api>/[v2.NN/]<name>.json layout")); continue; }
                var text = File.ReadAllText(Path.Combine(sourceDir, rel)).Replace("\r\n", "\n", StringComparison.Ordinal);
                text = SampleTemplate.Normalize(text).TrimEnd() + "\n";
                if (!SampleTemplate.IsParseable(text)) { skipped.Add((rel, "not JSON (Nova's own sample tests do not load it either)")); continue; }
                var dest = Path.Combine(options.To, target);
                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                File.WriteAllText(dest, text, new UTF8Encoding(false));
                written.Add(target);
                digest.Append(target).Append('\n').Append(text);
            }
        }

        var (version, debian) = DetectVersion(sourceDir, root, kind);
        var provenance = new JsonObject
        {
            ["$comment"] = "Written by import-samples; do not edit. Re-run the import to refresh the samples.",
            ["project"] = "OpenStack Nova",
            ["licence"] = Licence,
            ["licenceNote"] = "Nova's api-samples are part of Nova and licensed under the Apache License, Version 2.0.",
            ["source"] = sourceDir,
            ["sourceKind"] = kind switch
            {
                SampleSourceKind.PackageTemplates => "installed package, api-sample templates",
                SampleSourceKind.SourceTreeTemplates => "source tree, api-sample templates",
                _ => "source tree, doc/api_samples",
            },
            ["novaVersion"] = version,
            ["debianPackage"] = debian,
            ["apis"] = new JsonArray(apis.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
            ["files"] = written.Count,
            ["contentSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digest.ToString()))),
            ["transformations"] = new JsonArray(
                "*.json.tpl is written as *.json; the folder layout <api>/[v2.NN/]<name>.json is Nova's",
                "placeholders such as %(uuid)s are kept: they mark the variable parts",
                "a placeholder outside quotes is written as \"%(int:name)s\", as Nova's own sample tests read it",
                "line endings are LF, with one final newline"),
            ["skipped"] = new JsonArray(skipped.Select(s => (JsonNode)new JsonObject { ["file"] = s.Item1, ["reason"] = s.Item2 }).ToArray()),
        };
        File.WriteAllText(Path.Combine(options.To, ProvenanceFile),
            provenance.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n",
            new UTF8Encoding(false));
        return new ImportResult(sourceDir, kind, version, debian, apis, written, skipped);
    }

    /// <summary>Finds the api-samples folder under the given path and says which kind it is.</summary>
    public static (string Directory, SampleSourceKind Kind, string Root) Locate(string from)
    {
        var path = Path.GetFullPath(from);
        if (!Directory.Exists(path)) throw new ContractsUsageException($"'{from}' is not a directory. Pass an installed nova package or a Nova source tree.");
        var full = path.TrimEnd('/');
        // An installed package: .../dist-packages/nova
        if (Directory.Exists(Path.Combine(full, TemplatesSubPath)))
            return (Path.Combine(full, TemplatesSubPath), File.Exists(Path.Combine(full, "..", "setup.cfg")) ? SampleSourceKind.SourceTreeTemplates : SampleSourceKind.PackageTemplates, full);
        // A source tree: .../nova (checkout) with nova/tests/... and doc/api_samples
        if (Directory.Exists(Path.Combine(full, "nova", TemplatesSubPath)))
            return (Path.Combine(full, "nova", TemplatesSubPath), SampleSourceKind.SourceTreeTemplates, full);
        if (Directory.Exists(Path.Combine(full, "doc", "api_samples")))
            return (Path.Combine(full, "doc", "api_samples"), SampleSourceKind.DocSamples, full);
        // The api_samples folder itself: templates or concrete samples.
        if (Directory.Exists(Path.Combine(full, "servers")))
        {
            var templates = Directory.EnumerateFiles(full, "*.json.tpl", SearchOption.AllDirectories).Any();
            var root = full.EndsWith(TemplatesSubPath, StringComparison.Ordinal) ? full[..^TemplatesSubPath.Length].TrimEnd('/') : full;
            return (full, templates ? (File.Exists(Path.Combine(root, "..", "setup.cfg")) ? SampleSourceKind.SourceTreeTemplates : SampleSourceKind.PackageTemplates) : SampleSourceKind.DocSamples, root);
        }
        throw new ContractsUsageException($"no Nova api-samples under '{from}': expected {TemplatesSubPath}, doc/api_samples, or a folder holding servers/.");
    }

    private static void PrepareDestination(string to)
    {
        if (Directory.Exists(to))
        {
            foreach (var file in Directory.EnumerateFiles(to, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(to, file).Replace('\\', '/');
                var ours = rel is ProvenanceFile or "README.md" || (rel.EndsWith(".json", StringComparison.Ordinal) && SampleSet.Describe(rel, "") is not null);
                if (!ours) throw new ContractsUsageException($"'{to}' holds '{rel}', which is not an imported sample; choose an empty folder or the kit's samples/ folder.");
            }
            foreach (var file in Directory.EnumerateFiles(to, "*.json", SearchOption.AllDirectories)) File.Delete(file);
            foreach (var dir in Directory.EnumerateDirectories(to, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
                if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
        Directory.CreateDirectory(to);
    }

    /// <summary>The Nova version of the source, and the Debian package when dpkg installed it.</summary>
    public static (string Version, string? DebianPackage) DetectVersion(string samplesDir, string root, SampleSourceKind kind)
    {
        string? version = null;
        // An installed package: nova-X.Y.Z.egg-info or .dist-info next to the nova folder.
        var parent = Path.GetDirectoryName(root.TrimEnd('/'));
        if (parent is not null && Directory.Exists(parent))
        {
            var info = Directory.EnumerateDirectories(parent, "nova-*")
                .Where(d => d.EndsWith(".egg-info", StringComparison.Ordinal) || d.EndsWith(".dist-info", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).FirstOrDefault();
            if (info is not null)
            {
                var meta = new[] { "PKG-INFO", "METADATA" }.Select(f => Path.Combine(info, f)).FirstOrDefault(File.Exists);
                version = meta is null ? null : ReadField(File.ReadAllLines(meta), "Version");
                version ??= Path.GetFileName(info).Split('-').ElementAtOrDefault(1)?.Replace(".egg", "", StringComparison.Ordinal);
            }
        }
        // A source tree: PKG-INFO (sdist) or the git commit.
        if (version is null && File.Exists(Path.Combine(root, "PKG-INFO"))) version = ReadField(File.ReadAllLines(Path.Combine(root, "PKG-INFO")), "Version");
        if (version is null && File.Exists(Path.Combine(root, ".git", "HEAD")))
        {
            var head = File.ReadAllText(Path.Combine(root, ".git", "HEAD")).Trim();
            var sha = head.StartsWith("ref: ", StringComparison.Ordinal) && File.Exists(Path.Combine(root, ".git", head[5..]))
                ? File.ReadAllText(Path.Combine(root, ".git", head[5..])).Trim()
                : head;
            version = $"git {sha}";
        }

        string? debian = null;
        const string list = "/var/lib/dpkg/info/python3-nova.list";
        if (kind == SampleSourceKind.PackageTemplates && File.Exists(list) && File.Exists("/var/lib/dpkg/status")
            && File.ReadLines(list).Any(l => l == samplesDir.TrimEnd('/')))
        {
            var stanza = File.ReadAllText("/var/lib/dpkg/status").Split("\n\n").FirstOrDefault(s => s.StartsWith("Package: python3-nova\n", StringComparison.Ordinal));
            var v = stanza is null ? null : ReadField(stanza.Split('\n'), "Version");
            if (v is not null) debian = $"python3-nova {v}";
        }
        return (version ?? "unknown", debian);
    }

    private static string? ReadField(IEnumerable<string> lines, string field) =>
        lines.FirstOrDefault(l => l.StartsWith(field + ": ", StringComparison.Ordinal))?[(field.Length + 2)..].Trim();
}
