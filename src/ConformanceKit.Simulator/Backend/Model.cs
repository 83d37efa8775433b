using ConformanceKit.Core;

namespace ConformanceKit.Simulator.Backend;

/// <summary>
/// An error the way Nova's API reports it: an HTTP code and the message of the fault body.
/// The HTTP layer turns it into {"&lt;kind&gt;": {"code", "message"}}.
/// </summary>
public sealed class NovaApiException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    public static NovaApiException NotFound(string message = "The resource could not be found.") => new(404, message);
    public static NovaApiException BadRequest(string message) => new(400, message);
    public static NovaApiException Conflict(string message) => new(409, message);
    public static NovaApiException Forbidden(string message) => new(403, message);
    public static NovaApiException InstanceNotFound(string id) => new(404, $"Instance {id} could not be found.");
    public static NovaApiException PolicyForbids(string policy) => new(403, $"Policy doesn't allow {policy} to be performed.");

    /// <summary>What Nova answers when an unexpected exception escapes an API method.</summary>
    public static NovaApiException Unexpected(string exceptionClass) => new(500,
        "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n" +
        $"<class '{exceptionClass}'>");
}

/// <summary>Who is calling and at which microversion (noauth2: "user:project"; user "admin" is an admin).</summary>
public sealed record CallContext(string UserId, string ProjectId, bool IsAdmin, Microversion Version)
{
    /// <summary>Parses an X-Auth-Token the way Nova's noauth2 middleware does: "user:project", project defaults to user.</summary>
    /// <summary>The caller holds only the reader role in its project (new policy defaults): reads yes, actions no.</summary>
    public bool IsReader { get; init; }

    public static CallContext FromToken(string token, Microversion version)
    {
        var sep = token.IndexOf(':');
        var user = sep < 0 ? token : token[..sep];
        var project = sep < 0 ? "" : token[(sep + 1)..];
        if (project.Length == 0) project = user;
        return new CallContext(user, project, user == "admin", version);
    }

    /// <summary>Whether the request's microversion has reached <paramref name="boundary"/> (one of <see cref="NovaMicroversions"/>).</summary>
    public bool AtLeast(Microversion boundary) => Version >= boundary;
}

/// <summary>A flavor (fixtures like Nova's m1.* flavors).</summary>
public sealed record Flavor(string Id, string Name, int RamMb, int DiskGb, int Vcpus, int EphemeralGb = 0, int Swap = 0)
{
    public IReadOnlyDictionary<string, string> ExtraSpecs { get; init; } = new Dictionary<string, string>();
    public string? Description { get; init; }
}

/// <summary>An image: fixtures, plus the snapshots and backups that createImage / createBackup make.</summary>
public sealed record SimImage(string Id, string Name, string? OwnerProject, DateTimeOffset Created)
{
    public string Status { get; init; } = "ACTIVE";
    public int MinRam { get; init; }
    public int MinDisk { get; init; }
    public long Size { get; init; } = 25165824;
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public string? ImageType => Properties.GetValueOrDefault("image_type");
    public string? InstanceUuid => Properties.GetValueOrDefault("instance_uuid");
}

/// <summary>A nova service (compute hosts can be forced down for evacuate).</summary>
public sealed class ComputeService
{
    public required int Id { get; init; }
    public required string Uuid { get; init; }
    public required string Binary { get; init; }
    public required string Host { get; init; }
    public string Zone => Binary == "nova-compute" ? "nova" : "internal";
    public bool Disabled { get; internal set; }
    public string? DisabledReason { get; internal set; }
    public bool ForcedDown { get; internal set; }
    public DateTimeOffset UpdatedAt { get; internal set; }
    public bool IsUp => !ForcedDown;
    /// <summary>Evacuations away from this host whose migration record is still 'done' (cleared by a restart).</summary>
    public int DoneEvacuations { get; internal set; }
}

/// <summary>A security group of a project (rules are not modelled).</summary>
public sealed record SecurityGroup(string Id, string Name, string Description, string ProjectId);

/// <summary>A floating IP of the public pool; ownership is not enforced (as in the reference Nova).</summary>
public sealed class FloatingIp
{
    public required string Id { get; init; }
    public required string Address { get; init; }
    public string Pool { get; init; } = "public";
    /// <summary>Allocated to a project (or pre-allocated for all); a free address of the external network is not.</summary>
    public bool Allocated { get; internal set; }
    /// <summary>The project that allocated it; null for a pre-allocated address every project may use.</summary>
    public string? ProjectId { get; internal set; }
    public string? ServerId { get; internal set; }
    public string? FixedAddress { get; internal set; }
}

/// <summary>A fixed IP of a server port.</summary>
public sealed record FixedIp(string Address, string Mac, string Network);

/// <summary>The fault shown in GET server when the server is in ERROR.</summary>
public sealed record ServerFault(int Code, string Message, DateTimeOffset Created, string? Details);

/// <summary>A snapshot of an instance action (GET /servers/{id}/os-instance-actions).</summary>
public sealed record InstanceActionRecord(string Action, string RequestId, string UserId, string ProjectId, DateTimeOffset StartTime, string? Message);

/// <summary>
/// A server and its state. The HTTP layer only ever sees copies (<see cref="Clone"/>), so what it renders
/// is consistent even while other requests change the server.
/// </summary>
public sealed class SimServer
{
    public required string Id { get; init; }
    public string Name { get; internal set; } = "";
    public required string ProjectId { get; init; }
    public required string UserId { get; init; }
    public string FlavorId { get; internal set; } = "";
    public string ImageId { get; internal set; } = "";
    public string VmState { get; internal set; } = VmStates.Building;
    public string? TaskState { get; internal set; }
    public int PowerState { get; internal set; } = PowerStates.NoState;
    public string Status => StatusFromState.From(VmState, TaskState);
    public string? Host { get; internal set; }
    public string? Node => Host;
    public string AvailabilityZone { get; internal set; } = "nova";
    public string? OldFlavorId { get; internal set; }
    public string? ResizeSourceHost { get; internal set; }
    public bool ResizedFromStopped { get; internal set; }
    public bool Locked { get; internal set; }
    public string? LockedBy { get; internal set; }
    public string? LockedReason { get; internal set; }
    public List<string> SecurityGroups { get; internal set; } = [];
    public List<FixedIp> FixedIps { get; internal set; } = [];
    public List<(string Address, string Mac)> FloatingIps { get; internal set; } = [];
    public Dictionary<string, string> Metadata { get; internal set; } = [];
    public List<string> Tags { get; internal set; } = [];
    public DateTimeOffset Created { get; init; }
    public DateTimeOffset Updated { get; internal set; }
    public DateTimeOffset? LaunchedAt { get; internal set; }
    public DateTimeOffset? TerminatedAt { get; internal set; }
    public ServerFault? Fault { get; internal set; }
    public string? Description { get; internal set; }
    public string? KeyName { get; internal set; }
    public string AccessIPv4 { get; internal set; } = "";
    public string AccessIPv6 { get; internal set; } = "";
    public string? UserData { get; internal set; }
    public string Hostname { get; internal set; } = "";
    public required string InstanceName { get; init; }
    public required string ReservationId { get; init; }
    public string DiskConfig { get; internal set; } = "MANUAL";
    public bool Deleted { get; internal set; }
    public List<InstanceActionRecord> Actions { get; internal set; } = [];

    /// <summary>The transition in flight, if any.</summary>
    internal Transition? Pending { get; set; }

    /// <summary>The action whose transition is in flight (null when none).</summary>
    public string? PendingAction => Pending?.Action;

    public SimServer Clone()
    {
        var c = (SimServer)MemberwiseClone();
        c.SecurityGroups = [.. SecurityGroups];
        c.FixedIps = [.. FixedIps];
        c.FloatingIps = [.. FloatingIps];
        c.Metadata = new Dictionary<string, string>(Metadata);
        c.Tags = [.. Tags];
        c.Actions = [.. Actions];
        return c;
    }
}

/// <summary>An asynchronous state change waiting for its progression (polls or time) to complete.</summary>
internal sealed class Transition
{
    public required string Action { get; init; }
    public required Action<SimServer> Complete { get; init; }
    /// <summary>GETs of the server needed before completion (0: not poll-driven).</summary>
    public int PollsNeeded { get; init; }
    public int PollsSeen { get; set; }
    /// <summary>Completion time on the simulator clock (null: not time-driven).</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>Never completes (fault "stuck").</summary>
    public bool Never { get; init; }
}
