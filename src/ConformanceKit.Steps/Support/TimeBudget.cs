using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using ConformanceKit.Client;

namespace ConformanceKit.Steps.Support;

/// <summary>One stretch of Nova's own work: an instance-action event, from its start_time to its finish_time.</summary>
public readonly record struct NovaInterval(DateTimeOffset Start, DateTimeOffset Finish)
{
    public TimeSpan Length => Finish - Start;
}

/// <summary>
/// Nova's own time for the actions the kit drove, read from <c>os-instance-actions</c>: for each action on the scenario's
/// servers, its events' start_time and finish_time (events are shown to the admin). Overlapping events count once.
/// The run keeps every interval so that the whole run's Nova time is their union too.
/// </summary>
public sealed class TimeBudget
{
    private readonly ConcurrentBag<NovaInterval> _intervals = [];
    private double _kitSeconds;
    private int _scenarios, _withEvents;

    /// <summary>The union of every event interval of the run.</summary>
    public TimeSpan NovaTime => Union(_intervals.ToList());

    /// <summary>The summed wall time of the scenarios that reported, and how many did (and how many of them had events).</summary>
    public (TimeSpan Kit, int Scenarios, int WithEvents) Scenarios =>
        (TimeSpan.FromSeconds(Volatile.Read(ref _kitSeconds)), Volatile.Read(ref _scenarios), Volatile.Read(ref _withEvents));

    public void Add(TimeSpan kit, IReadOnlyList<NovaInterval> intervals)
    {
        foreach (var i in intervals) _intervals.Add(i);
        double seen, next;
        do { seen = Volatile.Read(ref _kitSeconds); next = seen + kit.TotalSeconds; }
        while (Interlocked.CompareExchange(ref _kitSeconds, next, seen) != seen);
        Interlocked.Increment(ref _scenarios);
        if (intervals.Count > 0) Interlocked.Increment(ref _withEvents);
    }

    /// <summary>The total length of the union of <paramref name="intervals"/>.</summary>
    public static TimeSpan Union(IReadOnlyList<NovaInterval> intervals)
    {
        var total = TimeSpan.Zero;
        DateTimeOffset? start = null, end = null;
        foreach (var i in intervals.Where(i => i.Finish >= i.Start).OrderBy(i => i.Start))
        {
            if (end is null || i.Start > end) { if (end is not null) total += end.Value - start!.Value; (start, end) = (i.Start, i.Finish); }
            else if (i.Finish > end) end = i.Finish;
        }
        if (end is not null) total += end.Value - start!.Value;
        return total;
    }

    /// <summary>
    /// The events of every action on <paramref name="serverIds"/> (of those sent with <paramref name="requestIds"/>, when
    /// given): GET os-instance-actions, then each action's events.
    /// An endpoint that shows no events (or refuses) gives no intervals; the report then says Nova's time is unknown.
    /// </summary>
    public static async Task<IReadOnlyList<NovaInterval>> ReadAsync(NovaClient admin, IEnumerable<string> serverIds, CancellationToken ct,
        IReadOnlySet<string>? requestIds = null)
    {
        var all = new List<NovaInterval>();
        foreach (var id in serverIds)
        {
            NovaResponse list;
            try { list = await admin.SendAsync(HttpMethod.Get, $"{NovaUrls.Server(id)}/os-instance-actions", null, ct: ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { continue; }
            if (list.Status != 200) continue;
            // Only the scenario's own requests: a server handed on from an earlier scenario carries that one's actions too.
            var requests = (list.Json?["instanceActions"] as JsonArray ?? []).Select(a => a?["request_id"]?.ToString()).OfType<string>()
                .Where(r => requestIds is null || requestIds.Contains(r)).ToList();
            var shown = await Task.WhenAll(requests.Select(async r =>
            {
                try { return await admin.SendAsync(HttpMethod.Get, $"{NovaUrls.Server(id)}/os-instance-actions/{Uri.EscapeDataString(r)}", null, ct: ct).ConfigureAwait(false); }
                catch (Exception e) when (e is not OperationCanceledException) { return null; }
            })).ConfigureAwait(false);
            foreach (var action in shown)
            {
                if (action is not { Status: 200 }) continue;
                foreach (var ev in action.Json?["instanceAction"]?["events"] as JsonArray ?? [])
                    if (Time(ev?["start_time"]) is { } s && Time(ev?["finish_time"]) is { } f) all.Add(new NovaInterval(s, f));
            }
        }
        return all;
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>"kit 2.31 s, Nova 0.42 s, kit/Nova 5.5" (or Nova unknown).</summary>
    public static string Describe(TimeSpan kit, TimeSpan? nova) => nova is { } n && n > TimeSpan.Zero
        ? string.Create(CultureInfo.InvariantCulture, $"kit {kit.TotalSeconds:0.00} s, Nova {n.TotalSeconds:0.00} s, kit/Nova {kit / n:0.0}")
        : string.Create(CultureInfo.InvariantCulture, $"kit {kit.TotalSeconds:0.00} s, Nova unknown (no instance-action events)");
}
