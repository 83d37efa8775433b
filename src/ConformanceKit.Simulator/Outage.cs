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
    /// <summary>Count only server creates (POST /servers): "hang-at-create:K:SECONDS" freezes on the K-th create itself.</summary>
    public bool CountsCreatesOnly { get; init; }

    public static Outage Parse(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split(':');
        static int? Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (parts is ["hang-at-create", var k, var sec] && Int(k) is { } nth and > 0 && Int(sec) is { } s and > 0)
            return new Outage(OutageKind.Hang, nth - 1, TimeSpan.FromSeconds(s)) { CountsCreatesOnly = true };
        var kind = parts[0] switch { "refuse-after" => OutageKind.Refuse, "hang-after" => OutageKind.Hang, _ => (OutageKind?)null };
        if (kind is not null && parts.Length >= 2 && Int(parts[1]) is { } after)
        {
            if (parts.Length == 2) return new Outage(kind.Value, after);
            if (parts.Length == 3 && kind == OutageKind.Hang && Int(parts[2]) is { } seconds and > 0)
                return new Outage(kind.Value, after, TimeSpan.FromSeconds(seconds));
        }
        throw new FormatException($"'{text}' is not an outage; use 'refuse-after:N', 'hang-after:N', 'hang-after:N:SECONDS' (N requests to /v2.1 are served first) or 'hang-at-create:K:SECONDS' (from the K-th server create).");
    }

    public override string ToString() => CountsCreatesOnly ? $"hang-at-create:{AfterRequests + 1}:{Duration!.Value.TotalSeconds:0}"
        : Kind == OutageKind.Refuse ? $"refuse-after:{AfterRequests}"
        : Duration is { } d ? $"hang-after:{AfterRequests}:{d.TotalSeconds:0}" : $"hang-after:{AfterRequests}";
}
