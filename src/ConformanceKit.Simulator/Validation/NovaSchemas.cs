using System.Text.Json.Nodes;
using ConformanceKit.Core;

namespace ConformanceKit.Simulator.Validation;

/// <summary>
/// Request body schemas of Nova's server actions and server create, per microversion range
/// (facts from nova/api/openstack/compute/schemas of Nova 26 "Zed"). Actions without an entry are not validated,
/// as in Nova (lock below 2.73, pause, suspend…).
/// </summary>
public static class NovaSchemas
{
    private static readonly Schema Str = new() { Type = ["string"] };
    private static readonly Schema Name = new() { Type = ["string"], MinLength = 1, MaxLength = 255, Format = "name" };
    private static readonly Schema AdminPassword = Str;
    private static readonly Schema ImageId = new() { Type = ["string"], Format = "uuid" };
    private static readonly Schema FlavorRef = new() { Type = ["string", "integer"], MinLength = 1 };
    private static readonly Schema NonNegativeInteger = new() { Type = ["integer", "string"], Pattern = "^[0-9]*$", Minimum = 0, MinLength = 1 };
    private static readonly Schema Fqdn = new() { Type = ["string"], MinLength = 1, MaxLength = 255, Pattern = "^[a-zA-Z0-9-._]*$" };
    private static readonly Schema NullableHost = Fqdn with { Type = ["string", "null"] };
    private static readonly Schema DiskConfig = new() { Type = ["string"], Enum = [JsonValue.Create("AUTO"), JsonValue.Create("MANUAL")] };
    private static readonly Schema Description = new() { Type = ["string", "null"], MinLength = 0, MaxLength = 255 };
    private static readonly Schema NameOrNone = new() { OneOf = [new() { Type = ["string"], MinLength = 1, MaxLength = 255 }, new() { Type = ["null"] }] };
    private static readonly Schema Hostname = new() { Type = ["string"], MinLength = 2, MaxLength = 63, Pattern = "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$" };
    private static readonly Schema IpAddress = new() { Type = ["string"], OneOf = [new() { Format = "ipv4" }, new() { Format = "ipv6" }] };

    private static readonly Schema Boolean = new()
    {
        Type = ["boolean", "string"],
        Enum = [JsonValue.Create(true), "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
                JsonValue.Create(false), "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"],
    };

    private static readonly Schema Metadata = new()
    {
        Type = ["object"],
        PatternProperties = [("^[a-zA-Z0-9-_:. ]{1,255}$", new Schema { Type = ["string"], MaxLength = 255 })],
        AdditionalProperties = false,
    };

    private static Schema Enum(params string[] values) => new() { Type = ["string"], Enum = values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray() };

    private static MicroversionRange R(string text) => MicroversionRange.Parse(text);

    private static readonly Schema Rebuild21 = Schema.Action("rebuild", Schema.Object(
    [
        ("name", Name), ("imageRef", ImageId), ("adminPass", AdminPassword), ("metadata", Metadata),
        ("preserve_ephemeral", Boolean), ("OS-DCF:diskConfig", DiskConfig),
        ("accessIPv4", new Schema { Type = ["string"], Format = "ipv4" }), ("accessIPv6", new Schema { Type = ["string"], Format = "ipv6" }),
        ("personality", new Schema { Type = ["array"] }),
    ], ["imageRef"]));

    private static Schema Inner(Schema action, string name) => action.Properties!.Single(p => p.Name == name).Schema;
    private static Schema Outer(string name, Schema inner) => Schema.Action(name, inner);

    private static readonly Schema Rebuild219 = Outer("rebuild", Inner(Rebuild21, "rebuild").With("description", Description));
    private static readonly Schema Rebuild254 = Outer("rebuild", Inner(Rebuild219, "rebuild").With("key_name", NameOrNone));
    private static readonly Schema Rebuild257 = Outer("rebuild", Inner(Rebuild254, "rebuild").Without("personality")
        .With("user_data", new Schema { OneOf = [new() { Type = ["string"], MaxLength = 65535 }, new() { Type = ["null"] }] }));
    private static readonly Schema Rebuild263 = Outer("rebuild", Inner(Rebuild257, "rebuild")
        .With("trusted_image_certificates", new Schema { Type = ["array", "null"] }));
    private static readonly Schema Rebuild290 = Outer("rebuild", Inner(Rebuild263, "rebuild").With("hostname", Hostname));

    private static readonly Schema Evacuate21 = Schema.Action("evacuate", Schema.Object(
        [("host", Fqdn), ("onSharedStorage", Boolean), ("adminPass", AdminPassword)], ["onSharedStorage"]));
    private static readonly Schema Evacuate214 = Outer("evacuate", Inner(Evacuate21, "evacuate").Without("onSharedStorage") with { Required = null });
    private static readonly Schema Evacuate229 = Outer("evacuate", Inner(Evacuate214, "evacuate").With("force", Boolean));
    private static readonly Schema Evacuate295 = Evacuate214;

    private static readonly Schema MigrateLive21 = Schema.Action("os-migrateLive", Schema.Object(
        [("block_migration", Boolean), ("disk_over_commit", Boolean), ("host", NullableHost)], ["block_migration", "disk_over_commit", "host"]));
    private static readonly Schema MigrateLive225 = Schema.Action("os-migrateLive", Schema.Object(
        [("block_migration", Boolean with { Enum = [.. Boolean.Enum!, "auto"] }), ("host", NullableHost)], ["block_migration", "host"]));
    private static readonly Schema MigrateLive230 = Outer("os-migrateLive", Inner(MigrateLive225, "os-migrateLive").With("force", Boolean));

    private static readonly Dictionary<string, (MicroversionRange Range, Schema Schema)[]> ByAction = new(StringComparer.Ordinal)
    {
        ["changePassword"] = [(R("any"), Schema.Action("changePassword", Schema.Object([("adminPass", AdminPassword)], ["adminPass"])))],
        ["reboot"] = [(R("any"), Schema.Action("reboot", Schema.Object([("type", Enum("HARD", "Hard", "hard", "SOFT", "Soft", "soft"))], ["type"])))],
        ["resize"] = [(R("any"), Schema.Action("resize", Schema.Object([("flavorRef", FlavorRef), ("OS-DCF:diskConfig", DiskConfig)], ["flavorRef"])))],
        ["rebuild"] =
        [
            (R("2.1-2.18"), Rebuild21), (R("2.19-2.53"), Rebuild219), (R("2.54-2.56"), Rebuild254),
            (R("2.57-2.62"), Rebuild257), (R("2.63-2.89"), Rebuild263), (R("2.90+"), Rebuild290),
        ],
        ["createImage"] = [(R("any"), Schema.Action("createImage", Schema.Object([("name", Name), ("metadata", Metadata)], ["name"])))],
        ["createBackup"] = [(R("any"), Schema.Action("createBackup", Schema.Object(
            [("name", Name), ("backup_type", Str), ("rotation", NonNegativeInteger), ("metadata", Metadata)], ["name", "backup_type", "rotation"])))],
        ["trigger_crash_dump"] = [(R("any"), Schema.Action("trigger_crash_dump", new Schema { Type = ["null"] }))],
        ["lock"] = [(R("2.73+"), Schema.Action("lock", Schema.Object(
            [("locked_reason", new Schema { Type = ["string"], MinLength = 1, MaxLength = 255 })], nullable: true)))],
        ["rescue"] = [(R("any"), Schema.Action("rescue", Schema.Object([("adminPass", AdminPassword), ("rescue_image_ref", ImageId)], nullable: true)))],
        ["os-resetState"] = [(R("any"), Schema.Action("os-resetState", Schema.Object([("state", Enum("active", "error"))], ["state"])))],
        ["unshelve"] =
        [
            (R("2.77-2.90"), Schema.Action("unshelve", Schema.Object([("availability_zone", Name)], ["availability_zone"], nullable: true))),
            (R("2.91+"), Schema.Action("unshelve", new Schema
            {
                OneOf =
                [
                    Schema.Object([("availability_zone", new Schema { OneOf = [new() { Type = ["null"] }, new() { Type = ["string"] }] }), ("host", Str)]),
                    new() { Type = ["null"] },
                ],
            })),
        ],
        ["evacuate"] = [(R("2.1-2.13"), Evacuate21), (R("2.14-2.28"), Evacuate214), (R("2.29-2.67"), Evacuate229), (R("2.68+"), Evacuate295)],
        ["os-getConsoleOutput"] = [(R("any"), Schema.Action("os-getConsoleOutput", Schema.Object(
            [("length", new Schema { Type = ["integer", "string", "null"], Pattern = "^-?[0-9]+$", Minimum = -1 })])))],
        ["os-getVNCConsole"] = [(R("any"), Schema.Action("os-getVNCConsole", Schema.Object([("type", Enum("novnc", "xvpvnc"))], ["type"])))],
        ["os-getSPICEConsole"] = [(R("any"), Schema.Action("os-getSPICEConsole", Schema.Object([("type", Enum("spice-html5"))], ["type"])))],
        ["os-getRDPConsole"] = [(R("any"), Schema.Action("os-getRDPConsole", Schema.Object([("type", Enum("rdp-html5"))], ["type"])))],
        ["os-getSerialConsole"] = [(R("any"), Schema.Action("os-getSerialConsole", Schema.Object([("type", Enum("serial"))], ["type"])))],
        ["migrate"] = [(R("2.56+"), Schema.Action("migrate", Schema.Object([("host", NullableHost)], nullable: true)))],
        ["os-migrateLive"] = [(R("2.1-2.24"), MigrateLive21), (R("2.25-2.29"), MigrateLive225), (R("2.30-2.67"), MigrateLive230), (R("2.68+"), MigrateLive225)],
        ["addFixedIp"] = [(R("any"), Schema.Action("addFixedIp", Schema.Object(
            [("networkId", new Schema { Type = ["string", "number"], MinLength = 1, MaxLength = 36 })], ["networkId"])))],
        ["removeFixedIp"] = [(R("any"), Schema.Action("removeFixedIp", Schema.Object([("address", IpAddress)], ["address"])))],
        ["addFloatingIp"] = [(R("any"), Schema.Action("addFloatingIp", Schema.Object([("address", IpAddress), ("fixed_address", IpAddress)], ["address"])))],
        ["removeFloatingIp"] = [(R("any"), Schema.Action("removeFloatingIp", Schema.Object([("address", IpAddress)], ["address"])))],
    };

    /// <summary>The body schema of <paramref name="action"/> at <paramref name="version"/>, or null when Nova does not validate it.</summary>
    public static Schema? ForAction(string action, Microversion version) =>
        ByAction.TryGetValue(action, out var entries) ? entries.FirstOrDefault(e => e.Range.Contains(version)).Schema : null;

    /// <summary>Actions that have a body schema at some microversion.</summary>
    public static IEnumerable<string> ValidatedActions => ByAction.Keys;

    /// <summary>POST /servers (the fields the simulator uses; unknown fields are rejected as Nova does).</summary>
    public static Schema ServerCreate(Microversion version)
    {
        var networks = version >= NovaMicroversions.NetworksAutoOrNone
            ? new Schema { OneOf = [new() { Type = ["array"] }, Enum("none", "auto")] }
            : new Schema { Type = ["array"] };
        var server = Schema.Object(
        [
            ("name", Name), ("imageRef", new Schema { OneOf = [ImageId, new() { Type = ["string"], MaxLength = 0 }] }),
            ("flavorRef", FlavorRef), ("adminPass", AdminPassword), ("metadata", Metadata), ("networks", networks),
            ("OS-DCF:diskConfig", DiskConfig), ("accessIPv4", new Schema { Type = ["string"], Format = "ipv4" }),
            ("accessIPv6", new Schema { Type = ["string"], Format = "ipv6" }), ("personality", new Schema { Type = ["array"] }),
            ("availability_zone", Name), ("key_name", Name), ("user_data", new Schema { Type = ["string"], MaxLength = 65535 }),
            ("security_groups", new Schema { Type = ["array"] }), ("config_drive", Boolean with { Type = ["boolean", "string"] }),
            ("min_count", NonNegativeInteger), ("max_count", NonNegativeInteger), ("return_reservation_id", Boolean),
            ("block_device_mapping", new Schema { Type = ["array"] }), ("block_device_mapping_v2", new Schema { Type = ["array"] }),
        ], version >= NovaMicroversions.NetworksAutoOrNone ? ["name", "flavorRef", "networks"] : ["name", "flavorRef"]);
        if (version >= NovaMicroversions.ServerDescription) server = server.With("description", Description);
        if (version >= NovaMicroversions.TagsAtCreate) server = server.With("tags", new Schema { Type = ["array"] });
        if (version >= NovaMicroversions.UserDataReplacesPersonality) server = server.Without("personality");
        if (version >= NovaMicroversions.TrustedImageCertificates) server = server.With("trusted_image_certificates", new Schema { Type = ["array", "null"] });
        if (version >= NovaMicroversions.CreateOnHost) server = server.With("host", Fqdn).With("hypervisor_hostname", Fqdn);
        if (version >= NovaMicroversions.Hostname) server = server.With("hostname", Hostname);
        return Schema.Object([("server", server), ("os:scheduler_hints", new Schema { Type = ["object"] }),
            ("OS-SCH-HNT:scheduler_hints", new Schema { Type = ["object"] })], ["server"]);
    }
}
