using System.Net;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConformanceKit.Core.Text;

namespace ConformanceKit.Reporting;

/// <summary>
/// Defence in depth for everything the report writers put on disk: attachments and messages are
/// masked upstream (by the client's recorder), and this pass masks any remaining occurrence of a
/// known secret (the token or password used, an adminPass received) in its raw, JSON-, XML/HTML-
/// and URL-escaped spellings. <see cref="Masked"/> counts what it had to mask, so a caller can say
/// that the upstream masking missed something. <see cref="Scan"/> looks for secrets in files
/// already written, including inside base64 blobs (the single-file Allure report embeds its data so).
/// </summary>
public sealed partial class SecretScrubber
{
    public const string Mask = "***";

    /// <summary>Shorter values are not treated as secrets: masking them would garble ordinary text.</summary>
    public const int MinimumLength = 4;

    private readonly List<(int Index, string[] Spellings)> _secrets = [];
    // Every spelling of every secret, searched for all at once (a run can know hundreds of secrets: each server
    // create returns an adminPass), and the secret each spelling spells.
    private readonly LiteralSet _spellings;
    private readonly Dictionary<string, int> _secretOf = new(StringComparer.Ordinal);
    private int _masked;

    public SecretScrubber(IEnumerable<string?> secrets)
    {
        var index = 0;
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= MinimumLength).Distinct(StringComparer.Ordinal))
            _secrets.Add((++index, Spellings(secret!).ToArray()));
        foreach (var (i, spellings) in _secrets)
            foreach (var spelling in spellings) _secretOf.TryAdd(spelling, i);
        _spellings = new LiteralSet(_secretOf.Keys);
    }

    /// <summary>A scrubber that knows no secret (it changes nothing).</summary>
    public static SecretScrubber None { get; } = new([]);

    /// <summary>How many secrets the scrubber knows.</summary>
    public int Count => _secrets.Count;

    /// <summary>How many occurrences it has masked so far (0 when upstream masking was complete).</summary>
    public int Masked => Volatile.Read(ref _masked);

    /// <summary>The text with every occurrence of a known secret replaced by <see cref="Mask"/> (the longest spelling that starts at a place wins).</summary>
    public string Scrub(string text)
    {
        var scrubbed = _spellings.ReplaceAll(text, Mask, out var count);
        if (count > 0) Interlocked.Add(ref _masked, count);
        return scrubbed;
    }

    /// <summary>Writes text to a file after scrubbing it (UTF-8, no BOM), creating the directory.</summary>
    public void WriteAllText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Scrub(text), new UTF8Encoding(false));
    }

    /// <summary>Which known secrets (by their 1-based position, never their value) the text contains, also inside base64 runs.</summary>
    public IReadOnlyList<int> FindIn(string text)
    {
        var found = new SortedSet<int>();
        if (_spellings.Count == 0) return [];
        AddFound(text, found);
        foreach (Match m in Base64Run().Matches(text))
            if (Decode(m.Value) is { } decoded) AddFound(decoded, found);
        return found.ToList();
    }

    private void AddFound(ReadOnlySpan<char> text, SortedSet<int> found)
    {
        var done = 0;
        for (var at = _spellings.IndexOfAny(text); at >= 0; at = _spellings.IndexOfAny(text[done..]))
        {
            var start = done + at;
            var rest = text[start..];
            foreach (var spelling in _spellings.Literals)
                if (rest.StartsWith(spelling, StringComparison.Ordinal)) found.Add(_secretOf[spelling]);
            done = start + 1;
        }
    }

    /// <summary>
    /// Every file under <paramref name="directory"/> that contains a known secret, with the secrets'
    /// positions. Text is read as UTF-8 (binary files are searched too: a PNG holds no UTF-8 secret).
    /// </summary>
    public IReadOnlyList<SecretFinding> Scan(string directory)
    {
        if (_secrets.Count == 0 || !Directory.Exists(directory)) return [];
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        // A run writes thousands of files; they are read and searched on all cores, and reported in path order.
        var found = new IReadOnlyList<int>[files.Length];
        Parallel.For(0, files.Length, i => found[i] = FindIn(File.ReadAllText(files[i], Encoding.UTF8)));
        return files.Select((file, i) => (file, i)).Where(x => found[x.i].Count > 0)
            .Select(x => new SecretFinding(Path.GetRelativePath(directory, x.file), found[x.i])).ToList();
    }

    private static IEnumerable<string> Spellings(string secret)
    {
        var spellings = new HashSet<string>(StringComparer.Ordinal)
        {
            secret,
            JsonEncodedText.Encode(secret).Value,
            JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value,
            SecurityElement.Escape(secret),
            WebUtility.HtmlEncode(secret),
            Uri.EscapeDataString(secret),
            WebUtility.UrlEncode(secret),
        };
        return spellings.Where(s => s.Length >= MinimumLength);
    }

    private static string? Decode(string run)
    {
        var s = run.TrimEnd('=');
        var padded = (s.Length % 4) switch { 0 => s, 2 => s + "==", 3 => s + "=", _ => null };
        if (padded is null) return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("[A-Za-z0-9+/]{16,}={0,2}")]
    private static partial Regex Base64Run();
}

/// <summary>A file that holds a secret: its path (relative to the scanned directory) and which secrets (1-based).</summary>
public sealed record SecretFinding(string File, IReadOnlyList<int> Secrets)
{
    public override string ToString() => $"{File}: secret {string.Join(", ", Secrets.Select(i => $"#{i}"))}";
}
