using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The simulator's handlers for consoles.</summary>
internal static partial class ActionHandlers
{
    private sealed class ConsoleOutput : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            if (c.Server.Host is null) throw NovaApiException.Conflict($"Instance {c.Server.Id} is not ready");
        }

        public override void Accept(ActionCall c)
        {
            var s = c.Server;
            var lines = new[]
            {
                "[    0.000000] Linux version 5.10.0-simulated (nova-conformance-kit)",
                "[    0.000000] Command line: root=/dev/vda1 console=ttyS0",
                "[    0.412345] Freeing unused kernel memory: 1024K",
                "[    1.234567] EXT4-fs (vda1): mounted filesystem with ordered data mode",
                "[    2.000000] systemd[1]: Set hostname to <" + s.Hostname + ">.",
                "Starting network interfaces...",
                "cloud-init: instance-id: " + s.Id,
                "cloud-init: local-hostname: " + s.Hostname,
                "cloud-init: fetching metadata from http://169.254.169.254/",
                "Reached target Multi-User System.",
                "Debian GNU/Linux 12 " + s.Hostname + " ttyS0",
                s.Hostname + " login:",
            };
            var text = string.Join('\n', lines);
            var lengthNode = c.Args?["length"];
            string output;
            if (lengthNode is null || NoEffect(c)) output = text;
            else
            {
                var length = int.Parse(SimulatorBackend.Text(lengthNode)!, System.Globalization.CultureInfo.InvariantCulture);
                // nova's _tail_log: 0 gives nothing; Python's [-length:] slicing (so -1 drops the first line).
                output = length == 0 ? ""
                    : length > 0 ? string.Join('\n', lines.Skip(Math.Max(0, lines.Length - length)))
                    : string.Join('\n', lines.Skip(-length));
            }
            c.Outcome.Body = new JsonObject { ["output"] = output };
        }
    }

    private sealed class RemoteConsole(ConsoleKinds kind, string validType, string urlBase) : ActionHandler
    {
        public override void Check(ActionCall c)
        {
            var s = c.Server;
            if (s.Host is null) throw NovaApiException.Conflict($"Instance {s.Id} is not ready");
            if (s.TaskState is TaskStates.Deleting or TaskStates.Migrating)
            {
                if (kind == ConsoleKinds.Vnc)
                    throw NovaApiException.Conflict($"Cannot '{c.Rule.Facts.ConflictName}' instance {c.ServerId} while it is in task_state {s.TaskState}");
                throw NovaApiException.Unexpected("nova.exception.InstanceInvalidState");
            }
            var type = c.ArgString("type")!;
            if (!c.Backend.Options.EnabledConsoles.HasFlag(kind)) throw NovaApiException.BadRequest($"Unavailable console type {type}.");
            if (type != validType) throw NovaApiException.Unexpected("nova.exception.ConsoleTypeInvalid");
        }

        public override void Accept(ActionCall c) => c.Outcome.Body = new JsonObject
        {
            ["console"] = new JsonObject { ["type"] = c.ArgString("type"), ["url"] = urlBase + Guid.NewGuid() },
        };
    }
}
