using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Samples;

namespace ConformanceKit.Contracts.NovaSchemas;

/// <summary>
/// import-nova-schemas: reads Nova's own request and response JSON Schemas and the microversion ranges
/// its controllers bind them to (tools/import-nova-schemas/import_nova_schemas.py evaluates the schema
/// modules and reads the decorators), and stores them under contracts/nova-schemas/&lt;name&gt;/ with
/// their provenance: provenance.json, bindings.json and schemas/&lt;module&gt;/&lt;name&gt;.json. The
/// output is deterministic: keys sorted, files named after Nova's modules and variables, stale files removed.
/// </summary>
public static class NovaSchemaImporter
{
    public const string DefaultOutput = "contracts/nova-schemas";
    public const string Script = "tools/import-nova-schemas/import_nova_schemas.py";

    public const string Usage = "usage: import-nova-schemas --from PATH [--to DIR] [--name NAME] [--source TEXT] [--python EXE]\n" +
        "  PATH: an installed Nova (/usr/lib/python3/dist-packages/nova) or a Nova source tree.\n" +
        $"  DIR defaults to ./{DefaultOutput}; NAME to nova-<version>; TEXT (where the files came from) to PATH.";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Command-line entry point: 0 ok, 2 usage or input error.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        try
        {
            string? from = null, name = null, source = null;
            var to = DefaultOutput;
            var python = "python3";
            for (var i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ContractsUsageException($"{args[i]} needs a value.\n{Usage}");
                switch (args[i])
                {
                    case "--from": from = Value(); break;
                    case "--to": to = Value(); break;
                    case "--name": name = Value(); break;
                    case "--source": source = Value(); break;
                    case "--python": python = Value(); break;
                    case "-h" or "--help": stdout.WriteLine(Usage); return 0;
                    default: throw new ContractsUsageException($"unknown option '{args[i]}'.\n{Usage}");
                }
            }
            if (from is null) throw new ContractsUsageException($"--from is required.\n{Usage}");
            if (!Directory.Exists(from)) throw new ContractsUsageException($"'{from}' does not exist or is not a folder.");
            var raw = Evaluate(python, FindScript(), from);
            var import = Import(raw, source ?? from, name);
            var folder = Path.Combine(to, import.Name);
            Write(import, folder);
            stdout.WriteLine($"Imported {import.SchemaCount} schemas and {import.BindingCount} bindings of Nova {import.Version} (up to {import.MaxMicroversion}) into {Path.GetFullPath(folder)}.");
            return 0;
        }
        catch (ContractsUsageException e)
        {
            stderr.WriteLine($"import-nova-schemas: {e.Message}");
            return 2;
        }
    }

    /// <summary>The importer script: beside the current folder's tools/, or above the kit's binaries.</summary>
    public static string FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, Script);
                if (File.Exists(path)) return path;
            }
        }
        throw new ContractsUsageException($"{Script} was not found above {Directory.GetCurrentDirectory()}: run import-nova-schemas from the kit's repository.");
    }

    /// <summary>Runs the script; its JSON on success, a one-line error otherwise.</summary>
    public static JsonObject Evaluate(string python, string script, string from)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-B");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("--from");
        psi.ArgumentList.Add(from);
        Process process;
        try { process = Process.Start(psi) ?? throw new ContractsUsageException($"'{python}' could not be started."); }
        catch (System.ComponentModel.Win32Exception e) { throw new ContractsUsageException($"'{python}' could not be started ({e.Message}); pass --python with a Python 3 interpreter."); }
        using (process)
        {
            var stderrTask = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var err = stderrTask.GetAwaiter().GetResult().Trim();
            if (process.ExitCode != 0)
            {
                var last = err.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {process.ExitCode}";
                throw new ContractsUsageException(last.StartsWith("import-nova-schemas: ", StringComparison.Ordinal) ? last["import-nova-schemas: ".Length..] : $"the importer script failed: {last}");
            }
            try { return JsonNode.Parse(stdout)!.AsObject(); }
            catch (JsonException e) { throw new ContractsUsageException($"the importer script printed no JSON ({e.Message})."); }
        }
    }

    /// <summary>What one import stores.</summary>
    public sealed record NovaImport(string Name, string Version, string? MaxMicroversion, int SchemaCount, int BindingCount,
        IReadOnlyDictionary<string, string> Files);

    /// <summary>Turns the script's output into the stored files (relative path → content).</summary>
    public static NovaImport Import(JsonObject raw, string source, string? name)
    {
        var nova = raw["nova"]!.AsObject();
        var version = nova["version"]!.GetValue<string>();
        var max = nova["maxMicroversion"]?.GetValue<string>();
        name ??= "nova-" + version;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var schemas = raw["schemas"]!.AsObject();
        foreach (var (key, schema) in schemas.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            files[SchemaFile(key)] = (Sorted(schema)?.ToJsonString(Json) ?? "null") + "\n";
        var bindings = new JsonArray();
        foreach (var b in raw["bindings"]!.AsArray())
        {
            var o = b!.AsObject();
            bindings.Add(new JsonObject
            {
                ["controller"] = o["controller"]?.DeepClone(),
                ["class"] = o["class"]?.DeepClone(),
                ["method"] = o["method"]?.DeepClone(),
                ["action"] = o["action"]?.DeepClone(),
                ["kind"] = o["kind"]?.DeepClone(),
                ["min"] = o["min"]?.DeepClone(),
                ["max"] = o["max"]?.DeepClone(),
                ["schema"] = $"{o["module"]}.{o["name"]}",
                ["file"] = SchemaFile($"{o["module"]}.{o["name"]}"),
            });
        }
        files["bindings.json"] = new JsonObject
        {
            ["$comment"] = "Written by import-nova-schemas: each of Nova's controller methods with the schema its decorator binds over a microversion range (min/max null: unbounded, as in the decorator).",
            ["bindings"] = bindings,
        }.ToJsonString(Json) + "\n";
        files["provenance.json"] = new JsonObject
        {
            ["$comment"] = "Nova's own JSON Schemas (nova/api/openstack/compute/schemas/*.py) and the microversion ranges of the controllers' decorators, evaluated by tools/import-nova-schemas/import_nova_schemas.py. Nova is licensed under the Apache License 2.0; these files are derived from it. Do not edit: re-import.",
            ["source"] = source,
            ["novaVersion"] = version,
            ["novaOrigin"] = nova["origin"]?.DeepClone(),
            ["maxMicroversion"] = max,
            ["license"] = "Apache-2.0",
            ["licenseUrl"] = "https://www.apache.org/licenses/LICENSE-2.0",
            ["importer"] = $"nova-conformance import-nova-schemas --from <{source}>",
            ["schemas"] = schemas.Count,
            ["bindings"] = bindings.Count,
            ["notes"] = raw["notes"]?.DeepClone() ?? new JsonArray(),
        }.ToJsonString(Json) + "\n";
        return new NovaImport(name, version, max, schemas.Count, bindings.Count, files);
    }

    public static string SchemaFile(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return $"schemas/{key[..dot]}/{key[(dot + 1)..]}.json";
    }

    /// <summary>A copy with every object's keys in ordinal order.</summary>
    public static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        { } other => other.DeepClone(),
        null => null,
    };

    /// <summary>Writes the files and removes those a previous import left that this one no longer has.</summary>
    public static void Write(NovaImport import, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var old in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories))
            if (!import.Files.ContainsKey(Path.GetRelativePath(folder, old).Replace('\\', '/'))) File.Delete(old);
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        foreach (var (rel, content) in import.Files)
        {
            var path = Path.Combine(folder, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path) || File.ReadAllText(path) != content) File.WriteAllText(path, content, new UTF8Encoding(false));
        }
    }
}
