using ConformanceKit.Client;
using ConformanceKit.Client.Http;
using ConformanceKit.Core;

namespace ConformanceKit.Steps.Support;

/// <summary>What one scenario has done so far. Created per scenario by injection; never static.</summary>
public sealed class ScenarioState(KitSession session)
{
    /// <summary>The server the scenario acts on.</summary>
    public string? ServerId { get; set; }

    /// <summary>When the scenario started (its first hook), for its time budget.</summary>
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>The member's server as this scenario received it (created, prepared or taken from the shelf); null when it may not be handed on.</summary>
    public ShelfBaseline? Handover { get; set; }

    /// <summary>Servers this scenario created, deleted after it.</summary>
    public List<string> CreatedServers { get; } = [];

    /// <summary>The microversion requested by "Given microversion X"; null means the endpoint's latest.</summary>
    public Microversion? Microversion { get; set; }

    /// <summary>The microversion the scenario's requests use: <see cref="Microversion"/>, else the endpoint's latest usable one.</summary>
    public Microversion EffectiveMicroversion => Microversion ?? session.Latest;

    /// <summary>The last action response.</summary>
    public NovaResponse? LastResponse { get; set; }

    /// <summary>The action and variant of the last response.</summary>
    public (string Action, string? Variant)? LastAction { get; set; }

    /// <summary>The status the server had before the last action.</summary>
    public string? StatusBefore { get; set; }

    /// <summary>The server as it was just before the last action the scenario sent (status, host, flavor…).</summary>
    public ServerView? Before { get; set; }

    /// <summary>This scenario's hold on the run's <see cref="HostMoveGate"/>, released after it.</summary>
    public IDisposable? HostMoveHold { get; set; }

    /// <summary>Whether <see cref="HostMoveHold"/> is the exclusive hold (this scenario takes a host down).</summary>
    public bool HoldsHostsExclusively { get; set; }

    /// <summary>Images (snapshots, backups) this scenario's actions created; deleted after it.</summary>
    public List<string> CreatedImages { get; } = [];

    /// <summary>Compute hosts this scenario took down; they are brought back after it.</summary>
    public List<string> DownHosts { get; } = [];

    /// <summary>A floating IP this scenario leased from the run's pool; given back after its servers are deleted.</summary>
    public string? LeasedFloatingIp { get; set; }

    /// <summary>Values substituted into request bodies (${name}), such as a lock reason, remembered to check them later.</summary>
    public RequestValues Values { get; } = new();

    /// <summary>Every exchange of the scenario, for the report.</summary>
    public ExchangeLog Exchanges { get; } = new();

    public string RequireServer() => ServerId ?? throw new InvalidOperationException("The scenario has no server yet: start it with 'Given a server owned by the member'.");

    public NovaResponse RequireResponse() => LastResponse ?? throw new InvalidOperationException("No request was sent yet: a 'When' step must come first.");
}
