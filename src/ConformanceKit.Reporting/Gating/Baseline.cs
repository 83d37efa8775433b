using System.Text.Json;
using System.Text.Json.Serialization;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting.Gating;

/// <summary>One failure the team knows about, keyed by the scenario's stable id.</summary>
public sealed record KnownFailure(string Id, string Scenario, string Outcome, string? Message);

/// <summary>A baseline file could not be read; the message says which file and what to do.</summary>
public sealed class BaselineException(string message) : Exception(message);

/// <summary>
/// A file of known failures (JSON), keyed by stable scenario id; the scenario name and message are
/// there for humans. A failure it lists does not fail the gate; <see cref="FromResults"/> and
/// <see cref="Save"/> rewrite it (--update-baseline).
/// </summary>
public sealed class Baseline
{
    public const int FormatVersion = 1;

    public IReadOnlyList<KnownFailure> KnownFailures { get; }
    public string? Target { get; }
    public DateTimeOffset? Updated { get; }

    private readonly Dictionary<string, KnownFailure> _byId;

    public Baseline(IEnumerable<KnownFailure> knownFailures, string? target = null, DateTimeOffset? updated = null)
    {
        KnownFailures = knownFailures.GroupBy(k => k.Id, StringComparer.Ordinal).Select(g => g.First()).OrderBy(k => k.Id, StringComparer.Ordinal).ToList();
        _byId = KnownFailures.ToDictionary(k => k.Id, StringComparer.Ordinal);
        Target = target;
        Updated = updated;
    }

    public static Baseline Empty { get; } = new([]);

    public bool Contains(string id) => _byId.ContainsKey(id);

    public KnownFailure? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The failures of a run as a baseline (Failed and Broken results; one entry per stable id).</summary>
    public static Baseline FromResults(IEnumerable<ScenarioResult> results, string? target = null, DateTimeOffset? now = null) => new(
        results.Where(Gate.IsFailure).Select(r => new KnownFailure(r.Id, r.FullName, r.Outcome.ToString(), r.Message?.Split('\n')[0])),
        target, now ?? DateTimeOffset.UtcNow);

    private sealed record FileShape(
        [property: JsonPropertyName("$comment")] string? Comment,
        int Format,
        string? Target,
        DateTimeOffset? Updated,
        IReadOnlyList<KnownFailure>? KnownFailures);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads a baseline file; a missing or malformed file is a <see cref="BaselineException"/> with a one-line reason.</summary>
    public static Baseline Load(string path)
    {
        if (!File.Exists(path))
            throw new BaselineException($"The baseline file '{path}' does not exist. Create it with --update-baseline, or drop --baseline.");
        FileShape? shape;
        try
        {
            shape = JsonSerializer.Deserialize<FileShape>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new BaselineException($"The baseline file '{path}' is not valid JSON ({e.Message.Split('\n')[0]}). Fix it or rewrite it with --update-baseline.");
        }
        if (shape is null || shape.KnownFailures is null)
            throw new BaselineException($"The baseline file '{path}' has no \"knownFailures\" list. Rewrite it with --update-baseline.");
        if (shape.Format != FormatVersion)
            throw new BaselineException($"The baseline file '{path}' has format {shape.Format}; this kit reads format {FormatVersion}. Rewrite it with --update-baseline.");
        var blank = shape.KnownFailures.FirstOrDefault(k => string.IsNullOrWhiteSpace(k?.Id));
        if (shape.KnownFailures.Any(k => k is null) || blank is not null)
            throw new BaselineException($"The baseline file '{path}' has an entry without an \"id\". Every known failure needs the scenario's stable id.");
        return new Baseline(shape.KnownFailures, shape.Target, shape.Updated);
    }

    /// <summary>Writes the baseline (secrets scrubbed: messages come from the endpoint).</summary>
    public void Save(string path, SecretScrubber? scrubber = null)
    {
        var shape = new FileShape(
            "Known conformance failures, keyed by stable scenario id (@id tag and example row). A failure listed here does not fail the CI gate; a new one does. Rewrite with: nova-conformance run --baseline FILE --update-baseline",
            FormatVersion, Target, Updated, KnownFailures);
        (scrubber ?? SecretScrubber.None).WriteAllText(path, JsonSerializer.Serialize(shape, Options) + "\n");
    }
}
