namespace ConformanceKit.Core;

/// <summary>
/// The microversions at which Nova's API changes something the kit or its simulator depends on, each named once by what
/// changes there (from Nova's REST API version history, nova/api/openstack/compute/rest_api_version_history.rst, and the
/// api-ref). Gate on these names, never on a bare number. The actions' own windows (rebuild's description from 2.19…) are in
/// the catalogue (catalogue/actions/*.json), where a meta-test holds the simulator's request checks against them.
/// </summary>
public static class NovaMicroversions
{
    private static Microversion V(int minor) => new(2, minor);

    /// <summary>The newest microversion the kit knows (Nova master's api-ref).</summary>
    public static readonly Microversion Newest = V(104);

    /// <summary>2.3: the extended server attributes (reservation_id, launch_index, kernel_id…) appear for admins.</summary>
    public static readonly Microversion ExtendedServerAttributes = V(3);

    /// <summary>2.9: servers show "locked".</summary>
    public static readonly Microversion LockedField = V(9);

    /// <summary>2.11: os-services show forced_down, and PUT /os-services/force-down exists.</summary>
    public static readonly Microversion ServiceForcedDown = V(11);

    /// <summary>2.14: evacuate answers no body (before: {"adminPass"}) and no longer takes onSharedStorage.</summary>
    public static readonly Microversion EvacuateWithoutBody = V(14);

    /// <summary>2.16: servers show host_status.</summary>
    public static readonly Microversion HostStatus = V(16);

    /// <summary>2.19: servers have a description (create, rebuild, update, show).</summary>
    public static readonly Microversion ServerDescription = V(19);

    /// <summary>2.26: servers show their tags.</summary>
    public static readonly Microversion ServerTags = V(26);

    /// <summary>2.29: evacuate takes "force".</summary>
    public static readonly Microversion EvacuateForce = V(29);

    /// <summary>2.30: live migration takes "force".</summary>
    public static readonly Microversion LiveMigrateForce = V(30);

    /// <summary>2.34: live migration checks its destination asynchronously (errors become a migration's status, not a 400).</summary>
    public static readonly Microversion LiveMigrateAsyncChecks = V(34);

    /// <summary>2.35: the last microversion of the proxy APIs (os-floating-ips, os-security-groups, images…); 404 from 2.36.</summary>
    public static readonly Microversion LastProxyApis = V(35);

    /// <summary>2.37: server create requires "networks" and accepts "auto" and "none".</summary>
    public static readonly Microversion NetworksAutoOrNone = V(37);

    /// <summary>2.45: createImage and createBackup answer {"image_id"} and no Location header.</summary>
    public static readonly Microversion ImageIdInBody = V(45);

    /// <summary>2.47: servers embed their flavor (original_name…) instead of its id.</summary>
    public static readonly Microversion FlavorEmbedded = V(47);

    /// <summary>2.46: the last microversion whose servers show the flavor's id.</summary>
    public static Microversion LastFlavorId => FlavorEmbedded.Previous;

    /// <summary>2.52: server create takes tags.</summary>
    public static readonly Microversion TagsAtCreate = V(52);

    /// <summary>2.53: os-services are addressed by UUID and PUT /os-services/{id} takes {"forced_down": bool}.</summary>
    public static readonly Microversion ServicesByUuid = V(53);

    /// <summary>2.54: rebuild takes key_name, and its answer shows it.</summary>
    public static readonly Microversion KeyNameInRebuild = V(54);

    /// <summary>2.55: flavors have a description.</summary>
    public static readonly Microversion FlavorDescription = V(55);

    /// <summary>2.56: migrate takes a destination "host".</summary>
    public static readonly Microversion MigrateToHost = V(56);

    /// <summary>2.57: personality files are gone (create, rebuild); rebuild takes user_data and shows it.</summary>
    public static readonly Microversion UserDataReplacesPersonality = V(57);

    /// <summary>2.58: instance actions show updated_at.</summary>
    public static readonly Microversion InstanceActionUpdatedAt = V(58);

    /// <summary>2.61: flavors show extra_specs.</summary>
    public static readonly Microversion FlavorExtraSpecs = V(61);

    /// <summary>2.63: servers carry trusted_image_certificates.</summary>
    public static readonly Microversion TrustedImageCertificates = V(63);

    /// <summary>2.71: servers show their server_groups.</summary>
    public static readonly Microversion ServerGroupsInView = V(71);

    /// <summary>2.73: lock takes a locked_reason; servers show it and can be listed by "locked".</summary>
    public static readonly Microversion LockedReason = V(73);

    /// <summary>2.74: server create takes host and hypervisor_hostname.</summary>
    public static readonly Microversion CreateOnHost = V(74);

    /// <summary>2.75: rebuild and update answer the full server view; flavors show swap 0 instead of "".</summary>
    public static readonly Microversion ConsistentViews = V(75);

    /// <summary>2.77: unshelve takes an availability_zone.</summary>
    public static readonly Microversion UnshelveToZone = V(77);

    /// <summary>2.90: servers have a hostname the user sets (create, rebuild, update).</summary>
    public static readonly Microversion Hostname = V(90);

    /// <summary>2.91: unshelve takes a destination host (and an availability_zone of null).</summary>
    public static readonly Microversion UnshelveToHost = V(91);

    /// <summary>2.95: evacuate leaves the server stopped.</summary>
    public static readonly Microversion EvacuateToStopped = V(95);

    /// <summary>2.96: servers show pinned_availability_zone.</summary>
    public static readonly Microversion PinnedAvailabilityZone = V(96);

    /// <summary>2.98: servers show their image's properties.</summary>
    public static readonly Microversion ImagePropertiesInView = V(98);

    /// <summary>2.100: servers show their scheduler_hints.</summary>
    public static readonly Microversion SchedulerHintsInView = V(100);
}
