using System.Buffers;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

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
    // Every spelling of every secret, longest first, with the secret it spells; searched for all at once (a run can
    // know hundreds of secrets: each server create returns an adminPass).
    private readonly (string Spelling, int Index)[] _spellings;
    private readonly SearchValues<string>? _search;
    private int _masked;

    public SecretScrubber(IEnumerable<string?> secrets)
    {
        var index = 0;
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= MinimumLength).Distinct(StringComparer.Ordinal))
            _secrets.Add((++index, Spellings(secret!).ToArray()));
        _spellings = _secrets.SelectMany(s => s.Spellings.Select(sp => (sp, s.Index)))
            .DistinctBy(x => x.sp, StringComparer.Ordinal)
            .OrderByDescending(x => x.sp.Length).ThenBy(x => x.sp, StringComparer.Ordinal).ToArray();
        if (_spellings.Length > 0) _search = SearchValues.Create(_spellings.Select(x => x.Spelling).ToArray(), StringComparison.Ordinal);
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
        if (_search is null || string.IsNullOrEmpty(text)) return text;
        var span = text.AsSpan();
        var at = span.IndexOfAny(_search);
        if (at < 0) return text;
        var result = new StringBuilder(text.Length);
        var done = 0;
        var count = 0;
        while (at >= 0)
        {
            var start = done + at;
            var length = LongestAt(span, start).Spelling.Length;
            result.Append(span[done..start]).Append(Mask);
            count++;
            done = start + length;
            at = span[done..].IndexOfAny(_search);
        }
        result.Append(span[done..]);
        Interlocked.Add(ref _masked, count);
        return result.ToString();
    }

    /// <summary>The longest known spelling that starts at <paramref name="start"/> (the search found one there).</summary>
    private (string Spelling, int Index) LongestAt(ReadOnlySpan<char> text, int start)
    {
        var rest = text[start..];
        foreach (var candidate in _spellings)
            if (rest.StartsWith(candidate.Spelling, StringComparison.Ordinal)) return candidate;
        throw new InvalidOperationException("the multi-string search matched no known spelling");
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
        if (_search is null) return [];
        AddFound(text, found);
        foreach (Match m in Base64Run().Matches(text))
            if (Decode(m.Value) is { } decoded) AddFound(decoded, found);
        return found.ToList();
    }

    private void AddFound(ReadOnlySpan<char> text, SortedSet<int> found)
    {
        var done = 0;
        for (var at = text.IndexOfAny(_search!); at >= 0; at = text[done..].IndexOfAny(_search!))
        {
            var start = done + at;
            var rest = text[start..];
            foreach (var (spelling, index) in _spellings)
                if (rest.StartsWith(spelling, StringComparison.Ordinal)) found.Add(index);
            done = start + 1;
        }
    }

    /// <summary>
    /// Every file under <paramref name="directory"/> that contains a known secret, with the secrets'
    /// positions. Text is read as UTF-8 (binary files are searched too: a PNG holds no UTF-8 secret).
    /// </summary>
    public IReadOnlyList<SecretFinding> Scan(string directory)
    {
        var findings = new List<SecretFinding>();
        if (_secrets.Count == 0 || !Directory.Exists(directory)) return findings;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var found = FindIn(File.ReadAllText(file, Encoding.UTF8));
            if (found.Count > 0) findings.Add(new SecretFinding(Path.GetRelativePath(directory, file), found));
        }
        return findings;
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
