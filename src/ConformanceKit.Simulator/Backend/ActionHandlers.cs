using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>
/// What is particular to one action, on top of the generic pipeline (schema → lookup → policy → lock → state → transition).
/// Handlers are keyed by action name; they know Nova, not tests.
/// </summary>
internal class ActionHandler
{
    /// <summary>The no-effect fault: the action is answered and settles, but what it should change on the server stays.</summary>
    protected static bool NoEffect(ActionCall c) => c.Backend.Options.Faults.Has(Fault.NoEffect);

    /// <summary>The catalogue variant the request selects (reboot SOFT/HARD, os-resetState error/active).</summary>
    public virtual string? Variant(ActionCall c) => null;

    /// <summary>After schema validation, before the server is looked up.</summary>
    public virtual void BeforeLookup(ActionCall c) { }

    /// <summary>After the policy check, before the lock and state checks (argument checks Nova makes in the controller).</summary>
    public virtual void BeforeLock(ActionCall c) { }

    /// <summary>After the lock and state checks: the compute API's own checks. May throw; nothing has changed yet.</summary>
    public virtual void Check(ActionCall c) { }

    /// <summary>The action is accepted: immediate effects and the response. Must not throw.</summary>
    public virtual void Accept(ActionCall c) { }

    /// <summary>The transition completed: effects that happen on the compute host (vm_state and power state are already set).</summary>
    public virtual void Settle(SimServer s, ActionCall c) { }
}

/// <summary>The handler of each action; each concept's handlers are in Actions/ (security groups, addresses, resize and migrate, images, lock, reboot/rebuild/rescue, shelve, moves, consoles, admin).</summary>
internal static partial class ActionHandlers
{
    public static Dictionary<string, ActionHandler> All(ActionCatalogue catalogue)
    {
        var map = new Dictionary<string, ActionHandler>(StringComparer.Ordinal)
        {
            ["addSecurityGroup"] = new AddSecurityGroup(),
            ["removeSecurityGroup"] = new RemoveSecurityGroup(),
            ["addFloatingIp"] = new AddFloatingIp(),
            ["removeFloatingIp"] = new RemoveFloatingIp(),
            ["addFixedIp"] = new AddFixedIp(),
            ["removeFixedIp"] = new RemoveFixedIp(),
            ["confirmResize"] = new ConfirmResize(),
            ["revertResize"] = new RevertResize(),
            ["resize"] = new Resize(),
            ["migrate"] = new Migrate(),
            ["createBackup"] = new CreateBackup(),
            ["createImage"] = new CreateImage(),
            ["lock"] = new LockServer(),
            ["unlock"] = new UnlockServer(),
            ["reboot"] = new Reboot(),
            ["rebuild"] = new Rebuild(),
            ["rescue"] = new Rescue(),
            ["shelve"] = new Shelve(),
            ["shelveOffload"] = new ShelveOffload(),
            ["unshelve"] = new Unshelve(),
            ["evacuate"] = new Evacuate(),
            ["os-getConsoleOutput"] = new ConsoleOutput(),
            ["os-getVNCConsole"] = new RemoteConsole(ConsoleKinds.Vnc, "novnc", "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D"),
            ["os-getSPICEConsole"] = new RemoteConsole(ConsoleKinds.Spice, "spice-html5", "http://127.0.0.1:6082/spice_auto.html?token="),
            ["os-getRDPConsole"] = new RemoteConsole(ConsoleKinds.Rdp, "rdp-html5", "http://127.0.0.1:6083/?token="),
            ["os-getSerialConsole"] = new RemoteConsole(ConsoleKinds.Serial, "serial", "ws://127.0.0.1:6083/?token="),
            ["resetNetwork"] = new ResetNetwork(),
            ["os-resetState"] = new ResetState(),
            ["os-migrateLive"] = new LiveMigrate(),
        };
        foreach (var a in catalogue.Actions) map.TryAdd(a.Name, new ActionHandler());
        return map;
    }

    private static string? Str(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>oslo's strutils.bool_from_string (non-strict): true for 1/t/true/on/y/yes, else false.</summary>
    private static bool BoolFromString(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim().ToLowerInvariant() is "1" or "t" or "true" or "on" or "y" or "yes",
        _ => false,
    };
}
