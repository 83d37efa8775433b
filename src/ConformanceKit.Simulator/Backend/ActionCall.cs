using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;

namespace ConformanceKit.Simulator.Backend;

/// <summary>One server action request travelling through the pipeline (validation, lookup, policy, lock, state, effects).</summary>
internal sealed class ActionCall
{
    public required SimulatorBackend Backend { get; init; }
    public required CallContext Context { get; init; }
    public required string ServerId { get; init; }
    public required string Action { get; init; }
    /// <summary>The whole request body ({"action": args}).</summary>
    public required JsonNode? Body { get; init; }
    public required ActionOutcome Outcome { get; init; }

    /// <summary>body[action]: the action's arguments (null for {"pause": null}).</summary>
    public JsonNode? Args => Body is JsonObject o ? o[Action] : null;

    /// <summary>The server (live object; set after lookup).</summary>
    public SimServer Server { get; set; } = null!;

    /// <summary>The rule in force (set after lookup, once the variant is known).</summary>
    public ActionRule Rule { get; set; } = null!;

    /// <summary>The handler answered completely before the server lookup (removeFloatingIp).</summary>
    public bool Done { get; set; }

    /// <summary>vm_state the transition settles in (from the catalogue; handlers may refine it).</summary>
    public string? TargetVmState { get; set; }

    /// <summary>The server is removed when the transition completes.</summary>
    public bool TargetDeleted { get; set; }

    /// <summary>vm_state when the action was accepted.</summary>
    public string VmStateBefore { get; set; } = "";

    /// <summary>Free-form values handlers carry from Accept to Settle (target host, new flavor…).</summary>
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public Microversion Version => Context.Version;
    public bool AtLeast(Microversion boundary) => Context.AtLeast(boundary);

    public string? ArgString(string name) => Args is JsonObject o && o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
        ? v.GetValue<string>() : null;

    public bool HasArg(string name) => Args is JsonObject o && o.ContainsKey(name);
}
