using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Contracts.Derivation;

/// <summary>One derived schema file: an operation over a microversion range.</summary>
public sealed record DerivedSchema(
    string Operation,
    MicroversionRange Range,
    string File,
    string Content,
    IReadOnlyList<string> DerivedFrom,
    IReadOnlyList<string> Samples,
    string? AliasOf,
    bool BodyOptional = false);

/// <summary>A sample (or refinement example) attached to an operation, ready to be validated.</summary>
public sealed record AttachedSample(string Operation, string Name, Microversion Version, bool IsBase, bool IsExample, JsonNode? Template);

/// <summary>The result of a derivation: every file of schemas/ with its content.</summary>
public sealed record DerivationResult(
    IReadOnlyList<DerivedSchema> Schemas,
    IReadOnlyList<AttachedSample> Samples,
    IReadOnlyDictionary<string, string> Files,
    Microversion KnownMax);

/// <summary>
/// derive-schemas: turns the imported samples plus the reviewed refinements into JSON Schemas, one file per
/// operation and microversion range where the shape changes, with schemas/index.json (the range table
/// the registry reads) and schemas/README.md. With --check it writes nothing and fails when schemas/ is stale.
/// </summary>
public static class SchemaDeriver
{
    public const string IndexFile = "index.json";
    public const string ReadmeFile = "README.md";
    public const string SchemaDraft = "https://json-schema.org/draft/2020-12/schema";

    public const string Usage = "usage: derive-schemas [--samples DIR] [--refinements DIR] [--out DIR] [--check]\n" +
        "  DIR defaults: ./samples, the refinements built into the kit, ./schemas. --check writes nothing and exits 1 when schemas/ is stale.";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Command-line entry point: 0 ok (or up to date with --check), 1 stale, 2 usage or input error.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        try
        {
            string samples = "samples", output = "schemas";
            string? refinementsDir = null;
            var check = false;
            for (var i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ContractsUsageException($"{args[i]} needs a value.\n{Usage}");
                switch (args[i])
                {
                    case "--samples": samples = Value(); break;
                    case "--refinements": refinementsDir = Value(); break;
                    case "--out": output = Value(); break;
                    case "--check": check = true; break;
                    case "-h" or "--help": stdout.WriteLine(Usage); return 0;
                    default: throw new ContractsUsageException($"unknown option '{args[i]}'.\n{Usage}");
                }
            }
            var refinements = refinementsDir is null ? Refinements.LoadEmbedded() : Refinements.LoadDirectory(refinementsDir);
            var derivation = Derive(SampleSet.Load(samples), refinements);
            if (check)
            {
                var stale = Compare(derivation, output);
                if (stale.Count == 0)
                {
                    stdout.WriteLine($"{output} is up to date: {derivation.Schemas.Count(s => s.AliasOf is null)} schemas.");
                    return 0;
                }
                stderr.WriteLine($"derive-schemas: {output} is stale against the samples and refinements ({stale.Count} files). Run derive-schemas and commit:");
                foreach (var s in stale) stderr.WriteLine($"  {s}");
                return 1;
            }
            Write(derivation, output);
            stdout.WriteLine($"Derived {derivation.Schemas.Count(s => s.AliasOf is null)} schemas for {derivation.Schemas.Select(s => s.Operation).Distinct().Count()} operations into {Path.GetFullPath(output)}.");
            return 0;
        }
        catch (Exception e) when (e is ContractsUsageException or RefinementException or DirectoryNotFoundException or FileNotFoundException or DerivationException)
        {
            stderr.WriteLine($"derive-schemas: {e.Message}");
            return 2;
        }
    }

    /// <summary>Writes the derived files, removing schema files that are no longer derived.</summary>
    public static void Write(DerivationResult derivation, string output)
    {
        Directory.CreateDirectory(output);
        foreach (var extra in Existing(output).Where(f => !derivation.Files.ContainsKey(f)))
            File.Delete(Path.Combine(output, extra));
        foreach (var dir in Directory.EnumerateDirectories(output, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        foreach (var (rel, generated) in derivation.Files)
        {
            var path = Path.Combine(output, rel);
            var content = rel == ReadmeFile ? KeepCrossCheck(generated, File.Exists(path) ? File.ReadAllText(path) : null) : generated;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path) || File.ReadAllText(path) != content) File.WriteAllText(path, content, new UTF8Encoding(false));
        }
    }

    /// <summary>The files of the output folder that differ from the derivation (changed, missing or extra).</summary>
    public static IReadOnlyList<string> Compare(DerivationResult derivation, string output)
    {
        var stale = new List<string>();
        foreach (var (rel, generated) in derivation.Files)
        {
            var path = Path.Combine(output, rel);
            if (!File.Exists(path)) { stale.Add($"{rel} (missing)"); continue; }
            var existing = File.ReadAllText(path);
            var content = rel == ReadmeFile ? KeepCrossCheck(generated, existing) : generated;
            if (existing != content) stale.Add($"{rel} (differs)");
        }
        if (Directory.Exists(output))
            stale.AddRange(Existing(output).Where(f => !derivation.Files.ContainsKey(f)).Select(f => $"{f} (no longer derived)"));
        stale.Sort(StringComparer.Ordinal);
        return stale;
    }

    private static IEnumerable<string> Existing(string output) => !Directory.Exists(output) ? [] :
        Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/'))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f == ReadmeFile);

    /// <summary>The microversions an operation exists at: the document's own, else the catalogue's for action operations.</summary>
    public static MicroversionRange RangeOf(RefinementDocument doc, Microversion knownMax)
    {
        MicroversionRange? range = doc.Microversions;
        if (range is null && Operations.TryParseAction(doc.Operation, out var action, out var part))
        {
            var def = ActionCatalogue.Default.Find(action) ?? throw new DerivationException($"{doc.Origin}: {doc.Operation} names an action the catalogue does not know");
            range = def.Microversions;
            if (part == Operations.Part.Response)
            {
                var shape = def.Response.Body
                    ?? throw new DerivationException($"{doc.Origin}: {action} has no response body (catalogue: empty), so {doc.Operation} must not exist");
                range = range.Value.Intersect(shape) ?? throw new DerivationException($"{doc.Origin}: {doc.Operation} has no microversion with a body");
            }
        }
        if (range is null) return new MicroversionRange(Microversion.Minimum, knownMax);
        if (range.Value == MicroversionRange.Any && doc.Microversions == MicroversionRange.Any) return MicroversionRange.Any;
        return new MicroversionRange(range.Value.Min ?? Microversion.Minimum, range.Value.Max ?? knownMax);
    }

    public static DerivationResult Derive(SampleSet samples, Refinements refinements)
    {
        var schemas = new List<DerivedSchema>();
        var attached = new List<AttachedSample>();
        var problems = new List<string>();
        foreach (var doc in refinements.Documents.OrderBy(d => d.Operation, StringComparer.Ordinal))
        {
            try
            {
                var (docSchemas, docSamples) = DeriveDocument(doc, samples, refinements);
                schemas.AddRange(docSchemas);
                attached.AddRange(docSamples);
            }
            catch (FormatException e) { problems.Add($"{doc.Operation}: {e.Message}"); }
            catch (DerivationException e) { problems.Add(e.Message); }
            catch (FileNotFoundException e) { problems.Add($"{doc.Operation}: {e.Message}"); }
        }
        if (problems.Count > 0) throw new DerivationException("the schemas cannot be derived:\n  - " + string.Join("\n  - ", problems));

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in schemas.Where(s => s.AliasOf is null)) files[s.File] = s.Content;
        files[IndexFile] = Index(schemas, refinements.KnownMax);
        files[ReadmeFile] = Readme(schemas, attached, samples, refinements.KnownMax, refinements);
        return new DerivationResult(schemas, attached, files, refinements.KnownMax);
    }

    private static (List<DerivedSchema>, List<AttachedSample>) DeriveDocument(RefinementDocument doc, SampleSet samples, Refinements refinements)
    {
        var vocabulary = refinements.Placeholders;
        var range = RangeOf(doc, refinements.KnownMax);
        var attached = new List<AttachedSample>();
        var bases = new List<(Microversion Version, SchemaNode Tree, string Origin)>();
        foreach (var sref in doc.Samples)
        {
            var file = samples[sref.File];
            var version = sref.Version ?? file.Version;
            if (range != MicroversionRange.Any && !range.Contains(version))
                throw new DerivationException($"{doc.Operation}: sample {sref.File} belongs to {version}, outside the operation's microversions {range}");
            var template = SampleTemplate.Bind(file.Json, sref.Bind);
            attached.Add(new AttachedSample(doc.Operation, sref.File, version, sref.IsBase, false, template));
            if (sref.IsBase) bases.Add((version, SchemaInference.Infer(template, vocabulary, sref.File), sref.File));
        }
        for (var i = 0; i < doc.Examples.Count; i++)
        {
            var ex = doc.Examples[i];
            var name = $"{doc.Origin} {doc.Operation} example {i + 1} ({ex.Source})";
            attached.Add(new AttachedSample(doc.Operation, name, ex.Version, ex.IsBase, true, ex.Body?.DeepClone()));
            if (ex.IsBase) bases.Add((ex.Version, SchemaInference.Infer(ex.Body, vocabulary, name), name));
        }
        if (bases.Count == 0) throw new DerivationException($"{doc.Operation}: no base sample and no example; nothing to derive from");

        var engine = new RuleEngine(vocabulary, bases);
        var result = new List<DerivedSchema>();
        var slug = doc.Operation;
        if (range == MicroversionRange.Any)
        {
            var (body, from) = Build(doc, bases, engine, Microversion.Minimum, refinements);
            result.Add(new DerivedSchema(doc.Operation, MicroversionRange.Any, $"{slug}/any.json", Compose(doc, MicroversionRange.Any, body, from), from,
                attached.Select(a => a.Name).ToList(), null, doc.BodyOptional is not null));
        }
        else
        {
            var points = new SortedSet<Microversion> { range.Min!.Value };
            void Point(Microversion? v) { if (v is { } x && range.Contains(x)) points.Add(x); }
            foreach (var b in bases) Point(b.Version);
            foreach (var r in doc.Rules)
            {
                Point(r.Since);
                if (r.Until is { } u) Point(u.Next);
                Point(r.Scope.Min);
                if (r.Scope.Max is { } sm) Point(sm.Next);
            }
            var starts = points.ToList();
            var pieces = new List<(Microversion Min, Microversion Max, string Content, IReadOnlyList<string> From)>();
            for (var i = 0; i < starts.Count; i++)
            {
                var min = starts[i];
                var max = i + 1 < starts.Count ? starts[i + 1].Previous : range.Max!.Value;
                var (content, from) = Build(doc, bases, engine, min, refinements);
                if (pieces.Count > 0 && pieces[^1].Content == content)
                    pieces[^1] = (pieces[^1].Min, max, content, pieces[^1].From.Union(from).ToList());
                else pieces.Add((min, max, content, from));
            }
            foreach (var (min, max, content, from) in pieces)
            {
                var r = new MicroversionRange(min, max);
                var file = $"{slug}/{min}-{max}.json";
                result.Add(new DerivedSchema(doc.Operation, r, file, Compose(doc, r, content, from), from,
                    attached.Where(a => r.Contains(a.Version)).Select(a => a.Name).ToList(), null, doc.BodyOptional is not null));
            }
        }
        var unmatched = doc.Rules.Where(r => r.Scope == MicroversionRange.Any && r.Origin.EndsWith(doc.Operation, StringComparison.Ordinal) && !engine.Matched.Contains(r)).ToList();
        if (unmatched.Count > 0)
            throw new DerivationException($"{doc.Operation}: rules that match nothing at any microversion (wrong path?): {string.Join(", ", unmatched.Select(r => r.Path))}");

        foreach (var alias in doc.Aliases)
            result.AddRange(result.Where(s => s.AliasOf is null && s.Operation == doc.Operation).ToList()
                .Select(s => s with { Operation = alias, AliasOf = doc.Operation }));
        attached.AddRange(doc.Aliases.SelectMany(alias => attached.Where(a => a.Operation == doc.Operation).ToList().Select(a => a with { Operation = alias })));
        return (result, attached);
    }

    private static (string Content, IReadOnlyList<string> From) Build(RefinementDocument doc,
        List<(Microversion Version, SchemaNode Tree, string Origin)> bases, RuleEngine engine, Microversion at, Refinements refinements)
    {
        var below = bases.Where(b => b.Version <= at).ToList();
        if (below.Count == 0)
            throw new DerivationException($"{doc.Operation}: no sample or example at or below {at}; attach one or narrow the operation's microversions");
        var newest = below.Max(b => b.Version);
        var chosen = below.Where(b => b.Version == newest).ToList();
        var tree = chosen.Select(c => c.Tree.Clone()).Aggregate(SchemaNode.Merge);
        var where = string.Join(" + ", chosen.Select(c => c.Origin));
        tree = engine.Apply(tree, doc.Rules, at, where);

        var unknown = tree.Walk().Where(x => x.Node.Unknown is not null).Select(x => x.Node.Unknown!).Distinct().ToList();
        if (unknown.Count > 0)
            throw new DerivationException($"{doc.Operation} at {at}: the samples do not show the type of {string.Join("; ", unknown)}. Add a refinement rule (kind, schema, map or nullable) for it");

        return (tree.ToJson().ToJsonString(), chosen.Select(c => c.Origin).ToList());
    }

    /// <summary>The schema file: a header naming the operation, range and sources, then the derived schema.</summary>
    private static string Compose(RefinementDocument doc, MicroversionRange range, string body, IReadOnlyList<string> from)
    {
        var sources = string.Join(", ", from.Select(f => f.Contains(" example ", StringComparison.Ordinal) ? "a refinement example" : f).Distinct());
        var root = new JsonObject
        {
            ["$schema"] = SchemaDraft,
            ["title"] = $"{doc.Operation} {range}",
            ["description"] = $"{doc.Title}. Derived by derive-schemas from {sources} and the refinements; api-ref: {doc.ApiRef}. Do not edit; regenerate.",
        };
        foreach (var (k, v) in JsonNode.Parse(body)!.AsObject()) root[k] = v?.DeepClone();
        return root.ToJsonString(Json) + "\n";
    }

    private static string Index(List<DerivedSchema> schemas, Microversion knownMax)
    {
        var entries = new JsonArray();
        foreach (var s in schemas.OrderBy(s => s.Operation, StringComparer.Ordinal).ThenBy(s => s.Range.Min ?? Microversion.Minimum))
        {
            var e = new JsonObject
            {
                ["operation"] = s.Operation,
                ["min"] = s.Range.Min?.ToString(),
                ["max"] = s.Range.Max?.ToString(),
                ["file"] = s.File,
            };
            if (s.AliasOf is not null) e["aliasOf"] = s.AliasOf;
            if (s.BodyOptional) e["bodyOptional"] = true;
            e["derivedFrom"] = new JsonArray(s.DerivedFrom.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
            e["samples"] = new JsonArray(s.Samples.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
            entries.Add(e);
        }
        var root = new JsonObject
        {
            ["$comment"] = "Generated by derive-schemas from samples/ and the refinements. Do not edit: regenerate. The registry selects a schema by (operation, microversion) from this table.",
            ["knownMaxMicroversion"] = knownMax.ToString(),
            ["schemas"] = entries,
        };
        return root.ToJsonString(Json) + "\n";
    }

    private static string Readme(List<DerivedSchema> schemas, List<AttachedSample> attached, SampleSet samples, Microversion knownMax, Refinements refinements)
    {
        var sb = new StringBuilder();
        var own = schemas.Where(s => s.AliasOf is null).ToList();
        var inv = CultureInfo.InvariantCulture;
        sb.Append("# Contract schemas\n\n");
        sb.Append("Generated by `derive-schemas` from the api-samples in `samples/` and the reviewed refinements in\n");
        sb.Append("`src/ConformanceKit.Contracts/Refinements/` (the actions' own in `catalogue/actions/NAME.json`, \"documents\"). Do not edit these files: change a refinement (or re-import the\n");
        sb.Append("samples) and regenerate. `index.json` is the range table the registry selects from by (operation, microversion).\n\n");
        sb.Append(inv, $"{own.Count} schemas for {own.Select(s => s.Operation).Distinct().Count()} operations (plus {schemas.Count - own.Count} alias entries), ");
        sb.Append(inv, $"from {attached.Where(a => !a.IsExample).Select(a => a.Name).Distinct().Count()} of the {samples.Files.Count} imported samples ");
        sb.Append(inv, $"and {attached.Where(a => a.IsExample).Select(a => a.Name).Distinct().Count()} refinement examples. Microversions known: 2.1 to {knownMax}.\n\n");
        sb.Append("## Regenerate\n\n");
        sb.Append("```sh\n");
        sb.Append("nova-conformance import-samples --from /usr/lib/python3/dist-packages/nova   # or a Nova source tree\n");
        sb.Append("nova-conformance derive-schemas                  # writes schemas/\n");
        sb.Append("nova-conformance derive-schemas --check          # CI: exits 1 and lists the stale files\n");
        sb.Append("nova-conformance import-nova-schemas --from PATH  # Nova's own schemas into contracts/nova-schemas/ (see its README)\n");
        sb.Append("```\n\n");
        sb.Append("## How bodies are judged\n\n");
        sb.Append("- The registry (`SchemaRegistry`) picks the schema whose range holds the negotiated microversion; above the newest\n");
        sb.Append("  known microversion the newest schema is used and the result carries a note.\n");
        sb.Append("- Every violation is reported as a JSON Pointer with the expected and the actual value\n");
        sb.Append("  (`/server/id: expected a uuid (8-4-4-4-12 hex), actual \"abc\"`). Passwords are never printed.\n");
        sb.Append("- Validation runs on JsonSchema.Net 8.0.5 (JSON Schema 2020-12, the draft of Nova's own schemas). Formats are\n");
        sb.Append("  checked as Nova's validator defines them (`NovaFormats`, after nova/api/validation/validators.py): a uuid is\n");
        sb.Append("  what oslo's `is_uuid_like` accepts (any case), a date-time what `iso8601.parse_date` reads (the zone is optional).\n");
        sb.Append("- Objects are closed where Nova's shape is fixed: an extra field is a violation. Maps (metadata, addresses,\n");
        sb.Append("  extra_specs, scheduler_hints) accept any key with a typed value.\n");
        sb.Append("- **Vendor extensions**: set `ContractOptions.TolerateExtensions` (the kit's `tolerate-extensions` setting) to turn\n");
        sb.Append("  an extra field into a warning. Nothing else is relaxed: missing fields, wrong types, formats, enum values and\n");
        sb.Append("  error kinds still fail.\n");
        sb.Append("- Error bodies: `{\"<kind>\": {\"code\": N, \"message\": \"…\"}}` with the kind that Nova's fault wrapper gives the\n");
        sb.Append("  code (400 badRequest, 403 forbidden, 404 itemNotFound, 409 conflictingRequest, 415 badMediaType, 501 notImplemented,\n");
        sb.Append("  406/410/500 computeFault...) and the code equal to the HTTP status. keystonemiddleware's 401 (`error.keystone`) and\n");
        sb.Append("  webob's JSON 404 for an unknown route (`error.webob`) are recognised as their own shapes.\n\n");
        sb.Append("The contract tests validate every sample, Nova master's published samples (2.94-2.104 included) and exchanges\n");
        sb.Append("recorded from a real Nova 26.2.2 (GET server as admin and member at every microversion 2.1-2.93, rebuild at every\n");
        sb.Append("microversion, nine server states, action requests and responses, error bodies).\n\n");
        sb.Append("## Schemas per operation and microversion range\n\n");
        sb.Append("| operation | schemas | microversion ranges | derived from |\n|---|---:|---|---|\n");
        foreach (var g in schemas.GroupBy(s => s.Operation).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = g.OrderBy(s => s.Range.Min ?? Microversion.Minimum).ToList();
            var alias = list[0].AliasOf is { } a ? $" (same files as `{a}`)" : "";
            var froms = list.SelectMany(s => s.DerivedFrom).Distinct().ToList();
            var nSamples = froms.Count(f => !f.Contains(" example ", StringComparison.Ordinal));
            var nExamples = froms.Count - nSamples;
            var from = string.Join(" + ", new[] { nSamples > 0 ? $"{nSamples} sample{(nSamples == 1 ? "" : "s")}" : null, nExamples > 0 ? $"{nExamples} refinement example{(nExamples == 1 ? "" : "s")}" : null }.Where(x => x is not null));
            sb.Append(inv, $"| `{g.Key}`{alias} | {list.Count} | {string.Join(", ", list.Select(s => s.Range.ToString()))} | {from} |\n");
        }
        sb.Append("\n## Where the kit differs from Nova's own schema, and why\n\n");
        sb.Append("Nova's own request and response schemas (imported by `import-nova-schemas` into `contracts/nova-schemas/`) are the\n");
        sb.Append("reference the derivation is calibrated against: the kit accepts what they accept and rejects what they reject.\n");
        sb.Append("These refinement rules (`differsFromNova`) are the only places where the kit is stricter, each with the api-ref\n");
        sb.Append("text that justifies it; the cross-check below excuses a disagreement only at a listed place and microversion.\n\n");
        sb.Append("| operation | place | microversions | why |\n|---|---|---|---|\n");
        foreach (var doc in refinements.Documents.OrderBy(d => d.Operation, StringComparer.Ordinal))
            foreach (var r in doc.Rules.Where(r => r.DiffersFromNova is not null).DistinctBy(r => (r.Path, r.Window, r.Scope)))
            {
                var window = r.Window.Intersect(r.Scope) is { } w ? (w == MicroversionRange.Any ? "all" : w.ToString()) : "none";
                var ops = string.Join(", ", doc.Aliases.Prepend(doc.Operation).Select(o => $"`{o}`"));
                sb.Append(inv, $"| {ops} | `{(r.Path.Length == 0 ? "(body)" : r.Path)}` | {window} | {r.DiffersFromNova!.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
        sb.Append("\n## Cross-check against Nova's own schemas\n\n");
        sb.Append("Written by the cross-check test (`CrossCheckTests`, run by CI with the README test command), which fails when a\n");
        sb.Append("body is judged differently by the kit's schema and Nova's without a listed exception, or when this section is stale\n");
        sb.Append("(refresh it with `CROSSCHECK_UPDATE=1 dotnet test tests/ConformanceKit.Contracts.Tests --filter CrossCheck`).\n\n");
        sb.Append(CrossCheckBegin).Append('\n').Append("(not yet written: run the cross-check test with CROSSCHECK_UPDATE=1)\n").Append(CrossCheckEnd).Append('\n');
        return sb.ToString();
    }

    public const string CrossCheckBegin = "<!-- cross-check:begin (written by CrossCheckTests) -->";
    public const string CrossCheckEnd = "<!-- cross-check:end -->";

    /// <summary>The generated README with the cross-check section the existing file has (the deriver does not compute it).</summary>
    public static string KeepCrossCheck(string generated, string? existing)
    {
        if (existing is null) return generated;
        int eb = existing.IndexOf(CrossCheckBegin, StringComparison.Ordinal), ee = existing.IndexOf(CrossCheckEnd, StringComparison.Ordinal);
        int gb = generated.IndexOf(CrossCheckBegin, StringComparison.Ordinal), ge = generated.IndexOf(CrossCheckEnd, StringComparison.Ordinal);
        if (eb < 0 || ee < eb || gb < 0 || ge < gb) return generated;
        return generated[..gb] + existing[eb..ee] + generated[ge..];
    }
}

/// <summary>The samples and refinements do not make a consistent set of schemas; the message says what to fix.</summary>
public sealed class DerivationException(string message) : Exception(message);
