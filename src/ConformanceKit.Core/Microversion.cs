using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ConformanceKit.Core;

/// <summary>
/// A Nova API microversion such as 2.1 or 2.93. Compared numerically part by part, so 2.9 &lt; 2.10.
/// Never handle microversions as strings or floating point numbers.
/// </summary>
public readonly record struct Microversion(int Major, int Minor) : IComparable<Microversion>
{
    /// <summary>The lowest microversion of the v2.1 API (2.1).</summary>
    public static readonly Microversion Minimum = new(2, 1);

    public int CompareTo(Microversion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(Microversion a, Microversion b) => a.CompareTo(b) < 0;
    public static bool operator >(Microversion a, Microversion b) => a.CompareTo(b) > 0;
    public static bool operator <=(Microversion a, Microversion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Microversion a, Microversion b) => a.CompareTo(b) >= 0;

    /// <summary>The microversion right before this one (2.45 → 2.44). 2.1 has none.</summary>
    public Microversion Previous => Minor > 1
        ? new Microversion(Major, Minor - 1)
        : throw new InvalidOperationException($"{this} has no previous microversion.");

    /// <summary>The microversion right after this one (2.44 → 2.45).</summary>
    public Microversion Next => new(Major, Minor + 1);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    public static Microversion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a microversion (expected MAJOR.MINOR, such as 2.1 or 2.93).");

    public static bool TryParse([NotNullWhen(true)] string? text, out Microversion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('.');
        if (parts.Length != 2) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return false;
        if (parts[1].Length > 1 && parts[1][0] == '0') return false; // "2.01" is not a microversion
        version = new Microversion(major, minor);
        return true;
    }

    public static Microversion Max(Microversion a, Microversion b) => a >= b ? a : b;
    public static Microversion Min(Microversion a, Microversion b) => a <= b ? a : b;
}

/// <summary>An inclusive range of microversions. Either end may be open (null).</summary>
public readonly record struct MicroversionRange(Microversion? Min, Microversion? Max)
{
    public static readonly MicroversionRange Any = new(null, null);

    public bool Contains(Microversion v) => (Min is null || v >= Min.Value) && (Max is null || v <= Max.Value);

    /// <summary>The overlap of two ranges, or null when they do not overlap.</summary>
    public MicroversionRange? Intersect(MicroversionRange other)
    {
        Microversion? min = Min is null ? other.Min : other.Min is null ? Min : Microversion.Max(Min.Value, other.Min.Value);
        Microversion? max = Max is null ? other.Max : other.Max is null ? Max : Microversion.Min(Max.Value, other.Max.Value);
        if (min is not null && max is not null && min.Value > max.Value) return null;
        return new MicroversionRange(min, max);
    }

    public override string ToString() => (Min, Max) switch
    {
        (null, null) => "any",
        ({ } a, null) => $"{a}+",
        (null, { } b) => $"up to {b}",
        ({ } a, { } b) when a == b => a.ToString(),
        ({ } a, { } b) => $"{a}-{b}",
    };

    /// <summary>Parses "2.1-2.43", "2.17+", "-2.43", "2.73" or "any".</summary>
    public static MicroversionRange Parse(string text)
    {
        var t = text.Trim();
        if (t is "any" or "") return Any;
        if (t.EndsWith('+')) return new MicroversionRange(Microversion.Parse(t[..^1]), null);
        if (t.StartsWith('-')) return new MicroversionRange(null, Microversion.Parse(t[1..]));
        var dash = t.IndexOf('-');
        if (dash > 0) return new MicroversionRange(Microversion.Parse(t[..dash]), Microversion.Parse(t[(dash + 1)..]));
        var single = Microversion.Parse(t);
        return new MicroversionRange(single, single);
    }
}
