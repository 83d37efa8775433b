using System.Globalization;

namespace ConformanceKit.Simulator;

/// <summary>How the simulator stops serving, on purpose, part-way through a run.</summary>
public enum OutageKind
{
    /// <summary>The endpoint dies: every later request has its connection reset, and the listener is closed (refused).</summary>
    Refuse,
    /// <summary>The endpoint freezes (like a SIGSTOPped nova-api): later requests get no answer, for a while or for ever.</summary>
    Hang,
}

/// <summary>
/// An outage that starts after <see cref="AfterRequests"/> requests to /v2.1. A hang with a <see cref="Duration"/> resumes
/// afterwards: every request that arrived meanwhile is then served (so a create the client gave up on still creates its
/// server, as a frozen Nova does when it is thawed). Parsed from "refuse-after:N", "hang-after:N" or "hang-after:N:SECONDS".
/// </summary>
public sealed record Outage(OutageKind Kind, int AfterRequests, TimeSpan? Duration = null)
{
    public static Outage Parse(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split(':');
        static int? Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var kind = parts[0] switch { "refuse-after" => OutageKind.Refuse, "hang-after" => OutageKind.Hang, _ => (OutageKind?)null };
        if (kind is not null && parts.Length >= 2 && Int(parts[1]) is { } after)
        {
            if (parts.Length == 2) return new Outage(kind.Value, after);
            if (parts.Length == 3 && kind == OutageKind.Hang && Int(parts[2]) is { } seconds and > 0)
                return new Outage(kind.Value, after, TimeSpan.FromSeconds(seconds));
        }
        throw new FormatException($"'{text}' is not an outage; use 'refuse-after:N', 'hang-after:N' or 'hang-after:N:SECONDS' (N requests to /v2.1 are served first).");
    }

    public override string ToString() => Kind == OutageKind.Refuse ? $"refuse-after:{AfterRequests}"
        : Duration is { } d ? $"hang-after:{AfterRequests}:{d.TotalSeconds:0}" : $"hang-after:{AfterRequests}";
}
