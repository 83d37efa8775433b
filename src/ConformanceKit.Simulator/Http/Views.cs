using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ConformanceKit.Core;
using ConformanceKit.Simulator.Backend;

namespace ConformanceKit.Simulator.Http;

/// <summary>Which parts of a server Nova's view builder shows (servers.py passes these per operation).</summary>
internal sealed record ServerViewFlags
{
    public bool ExtendAddress { get; init; } = true;
    public bool ShowAz { get; init; } = true;
    public bool ShowConfigDrive { get; init; } = true;
    public bool ShowKeypair { get; init; } = true;
    public bool ShowSrvUsg { get; init; } = true;
    public bool ShowSecGroups { get; init; } = true;
    public bool ShowExtendedStatus { get; init; } = true;
    public bool ShowExtendedVolumes { get; init; } = true;
    /// <summary>null: by policy (admins only).</summary>
    public bool? ShowExtendedAttr { get; init; }
    /// <summary>null: by policy (admins only, 2.16+).</summary>
    public bool? ShowHostStatus { get; init; }
    public bool ShowServerGroups { get; init; }
    public bool ShowUserData { get; init; } = true;
    /// <summary>A GET of servers (where the fault profile extra-field adds its field).</summary>
    public bool IsGet { get; init; } = true;

    /// <summary>GET /servers/{id}.</summary>
    public static ServerViewFlags Show(CallContext ctx) => new() { ShowServerGroups = ctx.AtLeast(NovaMicroversions.ServerGroupsInView) };

    /// <summary>GET /servers/detail (no server groups; host status in aggregate).</summary>
    public static ServerViewFlags Detail => new();

    /// <summary>The rebuild response: a reduced view before 2.75, everything from 2.75.</summary>
    public static ServerViewFlags Rebuild(CallContext ctx)
    {
        var all = ctx.AtLeast(NovaMicroversions.ConsistentViews);
        return new ServerViewFlags
        {
            ExtendAddress = all, ShowAz = all, ShowConfigDrive = all, ShowKeypair = ctx.AtLeast(NovaMicroversions.KeyNameInRebuild), ShowSrvUsg = all,
            ShowSecGroups = all, ShowExtendedStatus = all, ShowExtendedVolumes = all,
            ShowExtendedAttr = all ? null : false, ShowHostStatus = all ? null : false,
            ShowServerGroups = ctx.AtLeast(NovaMicroversions.ServerGroupsInView), ShowUserData = false, IsGet = false,
        };
    }
}

/// <summary>Renders backend objects as Nova's JSON views.</summary>
internal sealed class Views(SimulatorBackend backend, CallContext ctx, string baseUrl, string? projectInUrl)
{
    private static readonly string[] ProgressStatuses = ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"];

    private string Prefix => projectInUrl is null ? "" : "/" + projectInUrl;
    public string Versioned => $"{baseUrl}/v2.1";
    public string SelfHref(string collection, string id) => $"{Versioned}{Prefix}/{collection}/{id}";
    public string BookmarkHref(string collection, string id) => $"{baseUrl}{Prefix}/{collection}/{id}";

    public JsonArray Links(string collection, string id) =>
    [
        new JsonObject { ["rel"] = "self", ["href"] = SelfHref(collection, id) },
        new JsonObject { ["rel"] = "bookmark", ["href"] = BookmarkHref(collection, id) },
    ];

    private static JsonArray Bookmark(string href) => [new JsonObject { ["rel"] = "bookmark", ["href"] = href }];

    public static string IsoTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    public static string StrTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ servers

    public JsonObject ServerBasic(SimServer s) => new() { ["id"] = s.Id, ["name"] = s.Name, ["links"] = Links("servers", s.Id) };

    public JsonObject Server(SimServer s, ServerViewFlags flags)
    {
        var status = s.Status;
        if (backend.Options.Faults.Has(Fault.LowercaseStatus) && s.Actions.Any(a => a.Action is not ("create" or "delete"))) status = status.ToLowerInvariant();
        var o = new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["status"] = status,
            ["tenant_id"] = s.ProjectId,
            ["user_id"] = s.UserId,
            ["metadata"] = new JsonObject(s.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["hostId"] = HostId(s.Host, s.ProjectId),
            ["image"] = Image(s),
            ["flavor"] = Flavor(s),
            ["created"] = IsoTime(s.Created),
            ["updated"] = IsoTime(s.Updated),
            ["addresses"] = Addresses(s, flags.ExtendAddress),
            ["accessIPv4"] = s.AccessIPv4,
            ["accessIPv6"] = s.AccessIPv6,
            ["links"] = Links("servers", s.Id),
            ["OS-DCF:diskConfig"] = s.DiskConfig,
        };
        if (status is "ERROR" or "DELETED" && s.Fault is { } fault)
        {
            var f = new JsonObject { ["code"] = fault.Code, ["created"] = IsoTime(fault.Created), ["message"] = fault.Message };
            if (fault.Details is not null && (ctx.IsAdmin || fault.Code != 500)) f["details"] = fault.Details;
            o["fault"] = f;
        }
        if (ProgressStatuses.Contains(status)) o["progress"] = 0;
        if (flags.ShowAz) o["OS-EXT-AZ:availability_zone"] = s.Host is not null ? s.AvailabilityZone : "";
        if (flags.ShowConfigDrive) o["config_drive"] = "";
        if (flags.ShowKeypair) o["key_name"] = s.KeyName;
        if (flags.ShowSrvUsg)
        {
            o["OS-SRV-USG:launched_at"] = s.LaunchedAt is { } l ? StrTime(l) : null;
            o["OS-SRV-USG:terminated_at"] = s.TerminatedAt is { } t ? StrTime(t) : null;
        }
        if (flags.ShowSecGroups && SecurityGroups(s) is { } groups) o["security_groups"] = groups;
        var extended = flags.ShowExtendedAttr ?? ctx.IsAdmin;
        if (extended)
        {
            o["OS-EXT-SRV-ATTR:host"] = s.Host;
            o["OS-EXT-SRV-ATTR:instance_name"] = s.InstanceName;
            o["OS-EXT-SRV-ATTR:hypervisor_hostname"] = s.Node;
            if (ctx.AtLeast(NovaMicroversions.ExtendedServerAttributes))
            {
                o["OS-EXT-SRV-ATTR:reservation_id"] = s.ReservationId;
                o["OS-EXT-SRV-ATTR:launch_index"] = 0;
                o["OS-EXT-SRV-ATTR:hostname"] = s.Hostname;
                o["OS-EXT-SRV-ATTR:kernel_id"] = "";
                o["OS-EXT-SRV-ATTR:ramdisk_id"] = "";
                o["OS-EXT-SRV-ATTR:root_device_name"] = s.LaunchedAt is null ? null : "/dev/sda";
                if (flags.ShowUserData) o["OS-EXT-SRV-ATTR:user_data"] = s.UserData;
            }
        }
        if (flags.ShowExtendedStatus)
        {
            o["OS-EXT-STS:task_state"] = s.TaskState;
            o["OS-EXT-STS:vm_state"] = s.VmState;
            o["OS-EXT-STS:power_state"] = s.PowerState;
        }
        if (flags.ShowExtendedVolumes) o["os-extended-volumes:volumes_attached"] = new JsonArray();
        if (ctx.AtLeast(NovaMicroversions.HostStatus) && (flags.ShowHostStatus ?? ctx.IsAdmin)) o["host_status"] = HostStatus(s);
        if (ctx.AtLeast(NovaMicroversions.LockedField)) o["locked"] = s.Locked;
        if (ctx.AtLeast(NovaMicroversions.LockedReason)) o["locked_reason"] = s.LockedReason;
        if (ctx.AtLeast(NovaMicroversions.ServerDescription)) o["description"] = s.Description;
        if (ctx.AtLeast(NovaMicroversions.ServerTags)) o["tags"] = new JsonArray(s.Tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        if (ctx.AtLeast(NovaMicroversions.TrustedImageCertificates)) o["trusted_image_certificates"] = null;
        if (ctx.AtLeast(NovaMicroversions.Hostname) && !extended) o["OS-EXT-SRV-ATTR:hostname"] = s.Hostname;
        if (flags.ShowServerGroups) o["server_groups"] = new JsonArray();
        if (ctx.AtLeast(NovaMicroversions.PinnedAvailabilityZone)) o["pinned_availability_zone"] = null;
        if (ctx.AtLeast(NovaMicroversions.SchedulerHintsInView)) o["scheduler_hints"] = new JsonObject();
        if (flags.IsGet && backend.Options.Faults.Has(Fault.ExtraField)) o["OS-EXT-SIM:undocumented"] = "added by fault profile extra-field";
        return o;
    }

    private string HostStatus(SimServer s) => backend.FindComputeService(s.Host) switch
    {
        null => "",
        { ForcedDown: true } => "DOWN",
        { Disabled: true } => "MAINTENANCE",
        { IsUp: true } => "UP",
        _ => "UNKNOWN",
    };

    private JsonNode Image(SimServer s)
    {
        if (string.IsNullOrEmpty(s.ImageId)) return "";
        var o = new JsonObject { ["id"] = s.ImageId, ["links"] = Bookmark(BookmarkHref("images", s.ImageId)) };
        if (ctx.AtLeast(NovaMicroversions.ImagePropertiesInView))
        {
            var image = backend.Images.FirstOrDefault(i => i.Id == s.ImageId);
            o["properties"] = new JsonObject((image?.Properties ?? new Dictionary<string, string>())
                .Where(p => p.Key is not ("kernel_id" or "ramdisk_id"))
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        }
        return o;
    }

    private JsonNode Flavor(SimServer s)
    {
        var f = backend.FindFlavor(s.FlavorId);
        if (f is null) return new JsonObject();
        if (!ctx.AtLeast(NovaMicroversions.FlavorEmbedded)) return new JsonObject { ["id"] = f.Id, ["links"] = Bookmark(BookmarkHref("flavors", f.Id)) };
        return new JsonObject
        {
            ["vcpus"] = f.Vcpus, ["ram"] = f.RamMb, ["disk"] = f.DiskGb, ["ephemeral"] = f.EphemeralGb, ["swap"] = f.Swap,
            ["original_name"] = f.Name,
            ["extra_specs"] = new JsonObject(f.ExtraSpecs.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        };
    }

    private static JsonObject Addresses(SimServer s, bool extended)
    {
        var o = new JsonObject();
        if (s.VmState == VmStates.Building) return o;
        foreach (var network in s.FixedIps.GroupBy(f => f.Network))
        {
            var list = new JsonArray();
            foreach (var ip in network)
            {
                list.Add(Address(ip.Address, "fixed", ip.Mac, extended));
                foreach (var fip in s.FloatingIps.Where(f => f.Mac == ip.Mac))
                    list.Add(Address(fip.Address, "floating", ip.Mac, extended));
            }
            o[network.Key] = list;
        }
        return o;
    }

    private static JsonObject Address(string addr, string type, string mac, bool extended)
    {
        var o = new JsonObject { ["version"] = addr.Contains(':') ? 6 : 4, ["addr"] = addr };
        if (extended)
        {
            o["OS-EXT-IPS:type"] = type;
            o["OS-EXT-IPS-MAC:mac_addr"] = mac;
        }
        return o;
    }

    private static JsonArray? SecurityGroups(SimServer s)
    {
        if (s.FixedIps.Count == 0 || s.SecurityGroups.Count == 0) return null;
        return new JsonArray(s.SecurityGroups.Distinct().Select(g => (JsonNode)new JsonObject { ["name"] = g }).ToArray());
    }

    /// <summary>utils.generate_hostid: sha224(project + host) in hex, "" without a host.</summary>
    public static string HostId(string? host, string project) =>
        string.IsNullOrEmpty(host) ? "" : Convert.ToHexStringLower(Sha224.Hash(Encoding.UTF8.GetBytes(project + host)));

    // ------------------------------------------------------------------ flavors, images, services

    public JsonObject FlavorBasic(Flavor f)
    {
        var o = new JsonObject { ["id"] = f.Id, ["name"] = f.Name, ["links"] = Links("flavors", f.Id) };
        if (ctx.AtLeast(NovaMicroversions.FlavorDescription)) o["description"] = f.Description;
        return o;
    }

    public JsonObject FlavorDetail(Flavor f)
    {
        var o = new JsonObject
        {
            ["id"] = f.Id, ["name"] = f.Name, ["ram"] = f.RamMb, ["disk"] = f.DiskGb,
            ["swap"] = ctx.AtLeast(NovaMicroversions.ConsistentViews) ? f.Swap : f.Swap == 0 ? "" : f.Swap,
            ["OS-FLV-EXT-DATA:ephemeral"] = f.EphemeralGb, ["OS-FLV-DISABLED:disabled"] = false, ["vcpus"] = f.Vcpus,
            ["os-flavor-access:is_public"] = true, ["rxtx_factor"] = 1.0, ["links"] = Links("flavors", f.Id),
        };
        if (ctx.AtLeast(NovaMicroversions.FlavorDescription)) o["description"] = f.Description;
        if (ctx.AtLeast(NovaMicroversions.FlavorExtraSpecs)) o["extra_specs"] = new JsonObject(f.ExtraSpecs.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        return o;
    }

    public JsonObject ImageBasic(SimImage i)
    {
        var links = Links("images", i.Id);
        links.Add(new JsonObject { ["rel"] = "alternate", ["type"] = "application/vnd.openstack.image", ["href"] = $"{backend.Options.GlanceEndpoint.ToString().TrimEnd('/')}/images/{i.Id}" });
        return new JsonObject { ["id"] = i.Id, ["name"] = i.Name, ["links"] = links };
    }

    public JsonObject ImageDetail(SimImage i)
    {
        var basic = ImageBasic(i);
        var o = new JsonObject
        {
            ["id"] = i.Id, ["name"] = i.Name, ["minRam"] = i.MinRam, ["minDisk"] = i.MinDisk,
            ["metadata"] = new JsonObject(i.Properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["created"] = IsoTime(i.Created), ["updated"] = IsoTime(i.Created), ["status"] = i.Status,
            ["progress"] = i.Status == "ACTIVE" ? 100 : 50, ["OS-EXT-IMG-SIZE:size"] = i.Size,
            ["links"] = basic["links"]!.DeepClone(),
        };
        if (i.InstanceUuid is { } uuid) o["server"] = new JsonObject { ["id"] = uuid, ["links"] = Links("servers", uuid) };
        return o;
    }

    public JsonObject Service(ComputeService s)
    {
        var o = new JsonObject
        {
            ["binary"] = s.Binary, ["host"] = s.Host,
            ["id"] = ctx.AtLeast(NovaMicroversions.ServicesByUuid) ? JsonValue.Create(s.Uuid) : JsonValue.Create(s.Id),
            ["zone"] = s.Zone, ["status"] = s.Disabled ? "disabled" : "enabled", ["state"] = s.IsUp ? "up" : "down",
            ["updated_at"] = StrTime(s.UpdatedAt), ["disabled_reason"] = s.DisabledReason,
        };
        if (ctx.AtLeast(NovaMicroversions.ServiceForcedDown)) o["forced_down"] = s.ForcedDown;
        return o;
    }

    public static JsonObject VersionV21(string baseUrl, Microversion min, Microversion max) => new()
    {
        ["id"] = "v2.1",
        ["status"] = "CURRENT",
        ["version"] = max.ToString(),
        ["min_version"] = min.ToString(),
        ["updated"] = "2013-07-23T11:33:21Z",
        ["links"] = new JsonArray(
            new JsonObject { ["rel"] = "self", ["href"] = $"{baseUrl}/v2.1/" },
            new JsonObject { ["rel"] = "describedby", ["type"] = "text/html", ["href"] = "http://docs.openstack.org/" }),
        ["media-types"] = new JsonArray(new JsonObject
        {
            ["base"] = "application/json", ["type"] = "application/vnd.openstack.compute+json;version=2.1",
        }),
    };

    public static JsonObject VersionV20(string baseUrl) => new()
    {
        ["id"] = "v2.0",
        ["status"] = "SUPPORTED",
        ["version"] = "",
        ["min_version"] = "",
        ["updated"] = "2011-01-21T11:33:21Z",
        ["links"] = new JsonArray(
            new JsonObject { ["rel"] = "self", ["href"] = $"{baseUrl}/v2/" },
            new JsonObject { ["rel"] = "describedby", ["type"] = "text/html", ["href"] = "http://docs.openstack.org/" }),
        ["media-types"] = new JsonArray(new JsonObject
        {
            ["base"] = "application/json", ["type"] = "application/vnd.openstack.compute+json;version=2",
        }),
    };

    /// <summary>GET /: both versions, without media-types (versions.py build_versions).</summary>
    public static JsonObject Versions(string baseUrl, Microversion min, Microversion max)
    {
        JsonObject Entry(JsonObject full) => new()
        {
            ["id"] = full["id"]!.DeepClone(), ["status"] = full["status"]!.DeepClone(), ["version"] = full["version"]!.DeepClone(),
            ["min_version"] = full["min_version"]!.DeepClone(), ["updated"] = full["updated"]!.DeepClone(),
            ["links"] = new JsonArray(full["links"]![0]!.DeepClone()),
        };
        return new JsonObject { ["versions"] = new JsonArray(Entry(VersionV20(baseUrl)), Entry(VersionV21(baseUrl, min, max))) };
    }

    /// <summary>Any other path of the root app: 300 Multiple Choices.</summary>
    public static JsonObject Choices(string baseUrl, string path)
    {
        JsonObject Choice(JsonObject full, string prefix) => new()
        {
            ["id"] = full["id"]!.DeepClone(), ["status"] = full["status"]!.DeepClone(),
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{baseUrl}/{prefix}{path}" }),
            ["media-types"] = full["media-types"]!.DeepClone(),
        };
        return new JsonObject
        {
            ["choices"] = new JsonArray(Choice(VersionV20(baseUrl), "v2"), Choice(VersionV21(baseUrl, Microversion.Minimum, Microversion.Minimum), "v2.1")),
        };
    }
}

/// <summary>SHA-224 (FIPS 180-4), which .NET does not ship; Nova's hostId is a SHA-224 digest.</summary>
internal static class Sha224
{
    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    public static byte[] Hash(byte[] message)
    {
        uint[] h = [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4];
        var length = message.Length;
        var padded = new byte[(length + 9 + 63) / 64 * 64];
        message.CopyTo(padded, 0);
        padded[length] = 0x80;
        var bits = (ulong)length * 8;
        for (var i = 0; i < 8; i++) padded[^(i + 1)] = (byte)(bits >> (8 * i));
        var w = new uint[64];
        for (var chunk = 0; chunk < padded.Length; chunk += 64)
        {
            for (var i = 0; i < 16; i++)
                w[i] = (uint)(padded[chunk + 4 * i] << 24 | padded[chunk + 4 * i + 1] << 16 | padded[chunk + 4 * i + 2] << 8 | padded[chunk + 4 * i + 3]);
            for (var i = 16; i < 64; i++)
            {
                var s0 = uint.RotateRight(w[i - 15], 7) ^ uint.RotateRight(w[i - 15], 18) ^ (w[i - 15] >> 3);
                var s1 = uint.RotateRight(w[i - 2], 17) ^ uint.RotateRight(w[i - 2], 19) ^ (w[i - 2] >> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }
            uint a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (var i = 0; i < 64; i++)
            {
                var t1 = hh + (uint.RotateRight(e, 6) ^ uint.RotateRight(e, 11) ^ uint.RotateRight(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
                var t2 = (uint.RotateRight(a, 2) ^ uint.RotateRight(a, 13) ^ uint.RotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
                hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
            }
            h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
        }
        var result = new byte[28];
        for (var i = 0; i < 7; i++)
        {
            result[4 * i] = (byte)(h[i] >> 24);
            result[4 * i + 1] = (byte)(h[i] >> 16);
            result[4 * i + 2] = (byte)(h[i] >> 8);
            result[4 * i + 3] = (byte)h[i];
        }
        return result;
    }
}
