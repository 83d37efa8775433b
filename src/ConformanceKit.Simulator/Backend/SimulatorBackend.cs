using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Simulator.Validation;

namespace ConformanceKit.Simulator.Backend;

/// <summary>
/// The simulated cloud: servers and their state machine, flavors, images, services, security groups and floating IPs.
/// No HTTP here: the endpoints translate requests into calls on this class and render what it returns.
/// All state changes happen under one lock; callers get copies of servers.
/// </summary>
public sealed partial class SimulatorBackend
{
    /// <summary>Nova's NeutronFixture network.</summary>
    public const string PrivateNetworkId = "3cb9bc59-5699-4588-a4b1-b87f96708bc6";
    public const string PrivateNetworkName = "private";
    public const string PrivateSubnetId = "f8a6e8f8-c2ec-497c-9f23-da9616de54ef";

    /// <summary>A stable port id for a MAC address (ports are not modelled apart from their addresses).</summary>
    public static string PortIdOf(string mac) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes(mac))).ToString();

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimServer> _servers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SimImage> _images = [];
    private readonly List<ComputeService> _services = [];
    private readonly Dictionary<string, List<SecurityGroup>> _securityGroups = new(StringComparer.Ordinal);
    private readonly List<FloatingIp> _floatingIps = [];
    private readonly Dictionary<string, ActionHandler> _handlers;
    private int _instanceCounter;
    private int _ipCounter = 2;

    internal SimulatorBackend(SimulatorOptions options, ActionCatalogue catalogue)
    {
        Options = options;
        Rules = new ActionRules(catalogue);
        _handlers = ActionHandlers.All(catalogue);
        var now = Now;
        Flavors =
        [
            new Flavor("1", "m1.tiny", 512, 1, 1),
            new Flavor("2", "m1.small", 2048, 20, 1),
            new Flavor("3", "m1.medium", 4096, 40, 2),
            new Flavor("4", "m1.large", 8192, 80, 4),
            new Flavor("5", "m1.xlarge", 16384, 160, 8),
        ];
        _images.Add(new SimImage("155d900f-4e14-4e4c-a73d-069cbf4541e6", "fakeimage123456", null, now.AddDays(-1))
        {
            Properties = new Dictionary<string, string> { ["kernel_id"] = "nokernel", ["ramdisk_id"] = "nokernel", ["architecture"] = "x86_64" },
        });
        _images.Add(new SimImage("a2459075-d96c-40d5-893e-577ff92e721c", "fakeimage7", null, now.AddDays(-1))
        {
            Properties = new Dictionary<string, string> { ["kernel_id"] = "nokernel", ["ramdisk_id"] = "nokernel", ["architecture"] = "x86_64" },
        });
        var id = 1;
        foreach (var (binary, host) in new[] { ("nova-conductor", "controller"), ("nova-scheduler", "controller") }
                     .Concat(options.ComputeHosts.Select(h => ("nova-compute", h))))
            _services.Add(new ComputeService { Id = id++, Uuid = Guid.NewGuid().ToString(), Binary = binary, Host = host, UpdatedAt = now });
        for (var i = 0; i < options.PreallocatedFloatingIps + options.AllocatableFloatingIps; i++)
            _floatingIps.Add(new FloatingIp { Id = Guid.NewGuid().ToString(), Address = $"172.24.4.{10 + i}", Allocated = i < options.PreallocatedFloatingIps });
    }

    public SimulatorOptions Options { get; }

    /// <summary>How many server creates were refused for the instance quota so far.</summary>
    public int QuotaRefusals => Volatile.Read(ref _quotaRefusals);
    private int _quotaRefusals;
    public ActionRules Rules { get; }
    public IReadOnlyList<Flavor> Flavors { get; }
    private FaultProfile Faults => Options.Faults;
    internal DateTimeOffset Now => Options.Clock.GetUtcNow();

    // ----------------------------------------------------------------- inspection (tests, no HTTP, no poll counted)

    /// <summary>Copies of all servers that exist (soft-deleted included), after time-based progression.</summary>
    public IReadOnlyList<SimServer> Servers
    {
        get { lock (_gate) { return _servers.Values.Select(s => { Progress(s, poll: false); return s; }).Where(s => !s.Deleted).Select(s => s.Clone()).ToList(); } }
    }

    /// <summary>A copy of one server, or null; does not count as a poll.</summary>
    public SimServer? FindServer(string id)
    {
        lock (_gate)
        {
            if (!_servers.TryGetValue(id, out var s)) return null;
            Progress(s, poll: false);
            return s.Deleted ? null : s.Clone();
        }
    }

    public IReadOnlyList<SimImage> Images { get { lock (_gate) { return [.. _images]; } } }
    public IReadOnlyList<ComputeService> Services { get { lock (_gate) { return [.. _services]; } } }
    public IReadOnlyList<FloatingIp> FloatingIps { get { lock (_gate) { return [.. _floatingIps]; } } }

    public Flavor? FindFlavor(string id) => Flavors.FirstOrDefault(f => f.Id == id);

    // ----------------------------------------------------------------- servers

    /// <summary>POST /servers. Returns the new server (a copy) and its admin password.</summary>
    public (SimServer Server, string AdminPass, JsonArray SecurityGroups) CreateServer(CallContext ctx, JsonNode? body)
    {
        try { SchemaValidator.Validate(NovaSchemas.ServerCreate(ctx.Version), body); }
        catch (SchemaViolation e) { throw NovaApiException.BadRequest(e.Message); }
        var server = body!["server"]!.AsObject();
        lock (_gate)
        {
            var flavorId = IdFromHref(Text(server["flavorRef"]));
            var imageRef = Text(server["imageRef"]);
            if (string.IsNullOrEmpty(imageRef)) throw NovaApiException.BadRequest("Missing imageRef attribute");
            var imageId = IdFromHref(imageRef);
            if (FindImage(ctx, imageId) is null) throw NovaApiException.BadRequest("Can not find requested image");
            if (FindFlavor(flavorId) is null) throw NovaApiException.BadRequest($"Flavor {flavorId} could not be found.");
            var groups = server["security_groups"] is JsonArray requested
                ? requested.Select(g => g?["name"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null).ToList()
                : ["default"];
            foreach (var g in groups)
                if (g is null || FindSecurityGroup(ctx.ProjectId, g) is null)
                    throw NovaApiException.BadRequest($"Security group {g} not found.");
            var used = InstancesUsedLocked(ctx.ProjectId);
            if (used >= Options.InstanceQuota)
            {
                Interlocked.Increment(ref _quotaRefusals);
                throw NovaApiException.Forbidden($"Quota exceeded for instances: Requested 1, but already used {used} of {Options.InstanceQuota} instances");
            }

            var now = Now;
            var name = Text(server["name"])!;
            var number = ++_instanceCounter;
            var s = new SimServer
            {
                Id = Guid.NewGuid().ToString(),
                Name = name.Trim(),
                ProjectId = ctx.ProjectId,
                UserId = ctx.UserId,
                FlavorId = flavorId,
                ImageId = imageId,
                Created = now,
                Updated = now,
                Hostname = SanitizeHostname(name),
                InstanceName = $"instance-{number:x8}",
                ReservationId = "r-" + RandomString(8, "abcdefghijklmnopqrstuvwxyz0123456789"),
                VmState = VmStates.Building,
                TaskState = TaskStates.Scheduling,
                DiskConfig = Text(server["OS-DCF:diskConfig"]) ?? "MANUAL",
                AccessIPv4 = Text(server["accessIPv4"]) ?? "",
                AccessIPv6 = Text(server["accessIPv6"]) ?? "",
                KeyName = Text(server["key_name"]),
                UserData = Text(server["user_data"]),
                Description = server["description"] is JsonValue d ? Text(d) : null,
                SecurityGroups = groups.Distinct().Select(g => g!).ToList(),
            };
            if (server["metadata"] is JsonObject md)
                foreach (var (k, v) in md) s.Metadata[k] = Text(v) ?? "";
            if (server["tags"] is JsonArray tags) s.Tags = tags.Select(t => Text(t) ?? "").ToList();
            if (Text(server["hostname"]) is { } hn) s.Hostname = hn;
            if (Text(server["availability_zone"]) is { } az) s.AvailabilityZone = az.Split(':')[0];
            if (Text(server["networks"]) != "none") s.FixedIps.Add(NewFixedIp());
            var adminPass = Text(server["adminPass"]) ?? GeneratePassword();
            _servers[s.Id] = s;
            Record(s, "create", ctx);
            var requestedGroups = server["security_groups"] is JsonArray raw ? (JsonArray)raw.DeepClone() : new JsonArray(new JsonObject { ["name"] = "default" });
            var forcedHost = Text(server["host"]);
            StartTransition(s, "create", faultsApply: false, complete: x =>
            {
                x.Host = forcedHost ?? PickHost(except: null) ?? Options.ComputeHosts[0];
                x.VmState = VmStates.Active;
                x.PowerState = PowerStates.Running;
                x.TaskState = null;
                x.LaunchedAt = Now;
                x.Updated = Now;
            });
            var created = s.Clone();
            CompleteIfImmediate(s);
            return (created, adminPass, requestedGroups);
        }
    }

    /// <summary>GET /servers/{id}: counts as a poll of the server (AfterPolls progression).</summary>
    /// <summary>Servers counted against a project's instance quota (soft-deleted ones are not).</summary>
    public int InstancesUsed(string projectId)
    {
        lock (_gate) return InstancesUsedLocked(projectId);
    }

    private int InstancesUsedLocked(string projectId) =>
        _servers.Values.Count(s => !s.Deleted && s.ProjectId == projectId && s.VmState != VmStates.SoftDeleted);

    /// <summary>PUT /servers/{id}/metadata/{key}.</summary>
    public void SetMetadataItem(CallContext ctx, string id, string key, string value)
    {
        lock (_gate)
        {
            var s = Lookup(ctx, id, poll: false);
            s.Metadata[key] = value;
            s.Updated = Now;
        }
    }

    public SimServer ShowServer(CallContext ctx, string id)
    {
        lock (_gate)
        {
            var s = Lookup(ctx, id, poll: true);
            return s.Clone();
        }
    }

    /// <summary>GET /servers and /servers/detail with Nova's basic filters (name is a regular expression, status, all_tenants for admins).</summary>
    public IReadOnlyList<SimServer> ListServers(CallContext ctx, IReadOnlyDictionary<string, string> query)
    {
        lock (_gate)
        {
            var allTenants = ctx.IsAdmin && query.TryGetValue("all_tenants", out var at) && at is not ("0" or "false" or "False");
            IEnumerable<SimServer> result = _servers.Values;
            foreach (var s in _servers.Values) Progress(s, poll: false);
            result = result.Where(s => !s.Deleted && (allTenants || s.ProjectId == ctx.ProjectId));
            if (query.TryGetValue("name", out var name))
            {
                Regex regex;
                try { regex = new Regex(name, RegexOptions.None, TimeSpan.FromMilliseconds(200)); }
                catch (ArgumentException) { throw NovaApiException.BadRequest($"Invalid filter field: name. Value: {name}."); }
                result = result.Where(s => regex.IsMatch(s.Name));
            }
            if (query.TryGetValue("status", out var status))
                result = result.Where(s => s.Status.Equals(status, StringComparison.OrdinalIgnoreCase));
            if (query.TryGetValue("locked", out var locked) && ctx.AtLeast(NovaMicroversions.LockedReason))
                result = result.Where(s => s.Locked == locked is "true" or "True" or "1");
            var list = result.OrderByDescending(s => s.Created).ThenByDescending(s => s.InstanceName, StringComparer.Ordinal).Select(s => s.Clone()).ToList();
            if (query.TryGetValue("limit", out var limitText) && int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0)
                list = list.Take(limit).ToList();
            return list;
        }
    }

    /// <summary>DELETE /servers/{id}: soft delete when enabled and the server has launched, else delete.</summary>
    public void DeleteServer(CallContext ctx, string id)
    {
        lock (_gate)
        {
            var s = Lookup(ctx, id, poll: false);
            if (ctx.IsReader && !ctx.IsAdmin && !Faults.Has(Fault.PolicyOpen))
                throw NovaApiException.PolicyForbids("os_compute_api:servers:delete");
            if (s.Locked && !ctx.IsAdmin && !Faults.Has(Fault.LockIgnored))
                throw NovaApiException.Conflict($"Instance {s.Id} is locked");
            Record(s, "delete", ctx);
            if (Options.SoftDelete && s.LaunchedAt is not null && s.VmState != VmStates.SoftDeleted)
            {
                s.TaskState = TaskStates.SoftDeleting;
                StartTransition(s, "delete", faultsApply: false, complete: x =>
                {
                    x.VmState = VmStates.SoftDeleted;
                    x.TaskState = null;
                    x.PowerState = PowerStates.Shutdown;
                });
            }
            else
            {
                s.TaskState = TaskStates.Deleting;
                StartTransition(s, "delete", faultsApply: false, complete: Remove);
            }
            CompleteIfImmediate(s);
        }
    }

    /// <summary>webob's explanation for a bare HTTPBadRequest, which Nova puts in the fault's message.</summary>
    public const string WebobBadRequest = "The server could not comply with the request since it is either malformed or otherwise incorrect.";

    /// <summary>POST /servers/{id}/action with a body whose single key is <paramref name="action"/>.</summary>
    public ActionOutcome PerformAction(CallContext ctx, string id, string action, JsonNode? body)
    {
        lock (_gate)
        {
            var def = Rules.Catalogue.Find(action) ?? throw NovaApiException.BadRequest($"There is no such action: {action}");
            if (!def.Microversions.Contains(ctx.Version)) throw NovaApiException.NotFound();
            // Nova 29.0.0 removed the RDP console with the Hyper-V driver: the method raises webob's HTTPBadRequest at once.
            if (action == "os-getRDPConsole" && Options.RdpConsoleRemoved) throw NovaApiException.BadRequest(WebobBadRequest);
            var handler = _handlers[action];
            var call = new ActionCall
            {
                Backend = this, Context = ctx, ServerId = id, Action = action, Body = body,
                Outcome = new ActionOutcome(def.NormalCode),
            };
            if (!Faults.Has(Fault.LenientBodies) && NovaSchemas.ForAction(action, ctx.Version) is { } schema)
            {
                try { SchemaValidator.Validate(schema, body); }
                catch (SchemaViolation e) { throw NovaApiException.BadRequest(e.Message); }
            }
            handler.BeforeLookup(call);
            if (call.Done) return call.Outcome;

            var server = Lookup(ctx, id, poll: false);
            call.Server = server;
            var rule = Rules.For(action, handler.Variant(call));
            call.Rule = rule;
            if (rule.AdminOnly && !ctx.IsAdmin && !Faults.Has(Fault.PolicyOpen))
                throw NovaApiException.PolicyForbids(rule.Facts.PolicyRule);
            // New policy defaults: project actions need role:member; a reader of the project may only read.
            if (ctx.IsReader && !ctx.IsAdmin && !Faults.Has(Fault.PolicyOpen))
                throw NovaApiException.PolicyForbids(rule.Facts.PolicyRule);
            handler.BeforeLock(call);
            CheckLock(call);
            try { CheckState(call); }
            catch (NovaApiException) when (Faults.Has(Fault.RefusalLocks) && call.Action == "pause")
            {
                // The refusal is answered, but the server was changed on the way (a side effect behind a 409).
                call.Server.Locked = true;
                call.Server.Updated = Now;
                throw;
            }
            handler.Check(call);
            // The driver is where Nova finds out that an action is not implemented: after every API-level check.
            if (Faults.Has(Fault.NotImplemented) && def.ErrorCodes.Contains(501))
                throw new NovaApiException(501, $"Action {action} is not implemented by this deployment's virt driver (fault profile not-implemented).");

            call.VmStateBefore = server.VmState;
            (call.TargetVmState, call.TargetDeleted) = rule.Settles switch
            {
                Settlement.Status st => (StatusFromState.VmStateOf(st.Value), false),
                Settlement.Previous => (server.VmState, false),
                Settlement.PreviousOrActive => (server.VmState == VmStates.Stopped ? VmStates.Stopped : VmStates.Active, false),
                Settlement.Deleted => (null, true),
                _ => (server.VmState, false),
            };
            Record(server, action, ctx);
            if (!rule.Sync)
            {
                server.TaskState = rule.TaskState;
                server.Updated = Now;
                StartTransition(server, action, faultsApply: true, complete: s => Settle(s, call, handler));
            }
            handler.Accept(call);
            CompleteIfImmediate(server);
            return call.Outcome;
        }
    }

    private void CheckLock(ActionCall call)
    {
        var s = call.Server;
        if (!s.Locked || call.Context.IsAdmin || Faults.Has(Fault.LockIgnored)) return;
        switch (call.Rule.Facts.Lock)
        {
            case LockCheck.Conflict:
                throw NovaApiException.Conflict($"Instance {s.Id} is locked");
            case LockCheck.InvalidState:
                throw NovaApiException.Conflict($"Instance {call.ServerId} is in an invalid state for '{call.Rule.Facts.ConflictName}'");
            case LockCheck.Unexpected:
                throw NovaApiException.Unexpected("nova.exception.InstanceIsLocked");
        }
    }

    private void CheckState(ActionCall call)
    {
        if (Faults.Has(Fault.Missing409)) return;
        var s = call.Server;
        var rule = call.Rule;
        var name = rule.Facts.ConflictName;
        if (rule.AllowedVmStates is { } allowed && !allowed.Contains(s.VmState))
            throw NovaApiException.Conflict($"Cannot '{name}' instance {call.ServerId} while it is in vm_state {s.VmState}");
        var taskOk = rule.TaskRule switch
        {
            TaskRule.MustBeNone => s.TaskState is null,
            TaskRule.AllowReboot => TaskStates.AllowReboot.Contains(s.TaskState),
            _ => true,
        };
        if (!taskOk)
            throw NovaApiException.Conflict($"Cannot '{name}' instance {call.ServerId} while it is in task_state {s.TaskState}");
    }

    private void Settle(SimServer s, ActionCall call, ActionHandler handler)
    {
        var now = Now;
        if (Faults.Has(Fault.ErrorOnAction))
        {
            s.VmState = VmStates.Error;
            s.TaskState = null;
            s.Fault = new ServerFault(500, $"Simulated failure of '{call.Action}' (fault profile error-on-action)", now,
                $"  File \"nova/compute/manager.py\", in {call.Action}\nSimulatedFailure");
            s.Updated = now;
            return;
        }
        var target = call.TargetVmState;
        var deleted = call.TargetDeleted;
        if (Faults.Has(Fault.WrongSettledStatus))
        {
            var before = call.VmStateBefore;
            if (deleted) { deleted = false; target = before; }
            else target = target == before ? (before == VmStates.Stopped ? VmStates.Active : VmStates.Stopped) : before;
        }
        if (deleted) { Remove(s); return; }
        s.VmState = target!;
        s.TaskState = null;
        s.PowerState = StatusFromState.PowerStateOf(s.VmState, s.PowerState);
        if (s.VmState != VmStates.Error) s.Fault = null;
        s.Updated = now;
        handler.Settle(s, call);
    }

    private void Remove(SimServer s)
    {
        s.Deleted = true;
        s.TaskState = null;
        s.VmState = VmStates.Deleted;
        s.TerminatedAt = Now;
        foreach (var f in _floatingIps.Where(f => f.ServerId == s.Id)) { f.ServerId = null; f.FixedAddress = null; }
        _servers.Remove(s.Id);
    }

    // ----------------------------------------------------------------- progression

    private void StartTransition(SimServer s, string action, bool faultsApply, Action<SimServer> complete)
    {
        var progression = Options.Progression;
        s.Pending = new Transition
        {
            Action = action,
            Complete = complete,
            PollsNeeded = progression is Progression.PollsProgression p ? p.Polls : 0,
            DueAt = progression is Progression.TimedProgression t ? Now + t.Delay : null,
            Never = faultsApply && Faults.Has(Fault.Stuck),
        };
    }

    private void CompleteIfImmediate(SimServer s)
    {
        if (s.Pending is { Never: false } && Options.Progression is Progression.ImmediateProgression) Complete(s);
    }

    private static void Complete(SimServer s)
    {
        var t = s.Pending!;
        s.Pending = null;
        t.Complete(s);
    }

    /// <summary>Moves a pending transition on: a GET (<paramref name="poll"/>) counts towards AfterPolls; time towards AfterTime.</summary>
    private void Progress(SimServer s, bool poll)
    {
        if (s.Pending is not { Never: false } t) return;
        if (t.PollsNeeded > 0 && poll && ++t.PollsSeen >= t.PollsNeeded) Complete(s);
        else if (t.DueAt is { } due && Now >= due) Complete(s);
    }

    // ----------------------------------------------------------------- helpers used by handlers

    internal SimServer Lookup(CallContext ctx, string id, bool poll)
    {
        if (!_servers.TryGetValue(id, out var s) || s.Deleted || (!ctx.IsAdmin && s.ProjectId != ctx.ProjectId && !Faults.Has(Fault.ProjectOpen)))
            throw NovaApiException.InstanceNotFound(id);
        Progress(s, poll);
        if (s.Deleted) throw NovaApiException.InstanceNotFound(id);
        return s;
    }

    internal SimServer? FindServerLive(string id) => _servers.GetValueOrDefault(id);

    internal SimImage? FindImage(CallContext ctx, string id) =>
        _images.FirstOrDefault(i => i.Id.Equals(id, StringComparison.OrdinalIgnoreCase) && (i.OwnerProject is null || ctx.IsAdmin || i.OwnerProject == ctx.ProjectId));

    /// <summary>Images visible to the caller: public fixtures and the caller's own snapshots and backups.</summary>
    public IReadOnlyList<SimImage> VisibleImages(CallContext ctx)
    {
        lock (_gate) { return _images.Where(i => i.OwnerProject is null || ctx.IsAdmin || i.OwnerProject == ctx.ProjectId).ToList(); }
    }

    public SimImage? GetImage(CallContext ctx, string id)
    {
        lock (_gate) { return FindImage(ctx, id); }
    }

    internal void AddImage(SimImage image) => _images.Add(image);

    /// <summary>Removes a snapshot or backup the caller may see; fixture images (no owner) are never deleted.</summary>
    public bool DeleteImage(CallContext ctx, string id)
    {
        lock (_gate)
        {
            var image = FindImage(ctx, id);
            return image is { OwnerProject: not null } && _images.Remove(image);
        }
    }

    internal void ReplaceImage(SimImage image)
    {
        var i = _images.FindIndex(x => x.Id == image.Id);
        if (i >= 0) _images[i] = image;
    }

    internal void RemoveImage(string id) => _images.RemoveAll(i => i.Id == id);

    internal IEnumerable<SimImage> AllImages => _images;

    /// <summary>The nova-compute service of a host, or null.</summary>
    public ComputeService? FindComputeService(string? host)
    {
        lock (_gate) { return ComputeServiceOf(host); }
    }

    internal ComputeService? ComputeServiceOf(string? host) =>
        host is null ? null : _services.FirstOrDefault(s => s.Binary == "nova-compute" && s.Host == host);

    /// <summary>The host the scheduler picks: an up, enabled compute host other than <paramref name="except"/>, with the fewest servers.</summary>
    internal string? PickHost(string? except) => _services
        .Where(s => s.Binary == "nova-compute" && s.IsUp && !s.Disabled && s.Host != except)
        .OrderBy(s => _servers.Values.Count(v => !v.Deleted && v.Host == s.Host))
        .ThenBy(s => s.Id)
        .Select(s => s.Host)
        .FirstOrDefault();

    internal List<SecurityGroup> SecurityGroupsOf(string project)
    {
        if (!_securityGroups.TryGetValue(project, out var list))
        {
            list = [new SecurityGroup(Guid.NewGuid().ToString(), "default", "Default security group", project)];
            if (Options.ExtraSecurityGroup)
                list.Add(new SecurityGroup(Guid.NewGuid().ToString(), "extra", "A second group for add/removeSecurityGroup", project));
            _securityGroups[project] = list;
        }
        return list;
    }

    /// <summary>The security groups of a project (a "default" and an "extra" group exist for every project).</summary>
    public IReadOnlyList<SecurityGroup> ListSecurityGroups(CallContext ctx)
    {
        lock (_gate) { return [.. SecurityGroupsOf(ctx.ProjectId)]; }
    }

    internal SecurityGroup? FindSecurityGroup(string project, string nameOrId) =>
        SecurityGroupsOf(project).FirstOrDefault(g => g.Id == nameOrId) ?? SecurityGroupsOf(project).FirstOrDefault(g => g.Name == nameOrId);

    internal FloatingIp? FindFloatingIp(string address) => _floatingIps.FirstOrDefault(f => f.Allocated && f.Address == address);

    /// <summary>POST /os-security-groups: a new group in the caller's project.</summary>
    public SecurityGroup CreateSecurityGroup(CallContext ctx, string name, string description)
    {
        lock (_gate)
        {
            var group = new SecurityGroup(Guid.NewGuid().ToString(), name, description, ctx.ProjectId);
            SecurityGroupsOf(ctx.ProjectId).Add(group);
            return group;
        }
    }

    /// <summary>DELETE /os-security-groups/{id}: 404 unknown (another project's for a member), 400 "default" or in use.</summary>
    public void DeleteSecurityGroup(CallContext ctx, string id)
    {
        lock (_gate)
        {
            var (project, group) = _securityGroups
                .Where(p => ctx.IsAdmin || p.Key == ctx.ProjectId)
                .SelectMany(p => p.Value.Select(g => (p.Key, g)))
                .FirstOrDefault(x => x.g.Id == id);
            if (group is null) throw NovaApiException.NotFound($"Security group {id} not found.");
            if (group.Name == "default") throw NovaApiException.BadRequest("Removing default security group not allowed.");
            if (_servers.Values.Any(s => !s.Deleted && s.ProjectId == project && s.SecurityGroups.Contains(group.Name)))
                throw NovaApiException.BadRequest($"Security Group {id} in use.");
            _securityGroups[project].Remove(group);
        }
    }

    /// <summary>The floating IPs a project sees in GET /os-floating-ips: its own and the pre-allocated ones.</summary>
    public IReadOnlyList<FloatingIp> VisibleFloatingIps(CallContext ctx)
    {
        lock (_gate) { return _floatingIps.Where(f => f.Allocated && (f.ProjectId is null || f.ProjectId == ctx.ProjectId)).ToList(); }
    }

    /// <summary>POST /os-floating-ips {"pool"}: allocates a free address of the pool to the caller's project.</summary>
    public FloatingIp AllocateFloatingIp(CallContext ctx, string? pool)
    {
        lock (_gate)
        {
            if (pool is not null && pool != "public") throw NovaApiException.NotFound("Floating IP pool not found.");
            var free = _floatingIps.FirstOrDefault(f => !f.Allocated)
                ?? throw NovaApiException.NotFound("No more floating IPs in pool public.");
            free.Allocated = true;
            free.ProjectId = ctx.ProjectId;
            return free;
        }
    }

    /// <summary>DELETE /os-floating-ips/{id}: disassociates and releases the caller's address.</summary>
    public void ReleaseFloatingIp(CallContext ctx, string id)
    {
        lock (_gate)
        {
            var fip = _floatingIps.FirstOrDefault(f => f.Allocated && f.Id == id && (f.ProjectId is null || f.ProjectId == ctx.ProjectId || ctx.IsAdmin))
                ?? throw NovaApiException.NotFound($"Floating IP not found for ID {id}");
            if (fip.ServerId is { } sid && _servers.TryGetValue(sid, out var server)) server.FloatingIps.RemoveAll(f => f.Address == fip.Address);
            fip.ServerId = null;
            fip.FixedAddress = null;
            fip.Allocated = false;
            fip.ProjectId = null;
        }
    }

    internal FixedIp NewFixedIp()
    {
        var n = ++_ipCounter;
        var mac = "fa:16:3e:" + string.Join(':', RandomNumberGenerator.GetBytes(3).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        return new FixedIp($"192.168.1.{n % 250 + 3}", mac, PrivateNetworkName);
    }

    internal void Record(SimServer s, string action, CallContext ctx) =>
        s.Actions.Add(new InstanceActionRecord(action, "req-" + Guid.NewGuid(), ctx.UserId, ctx.ProjectId, Now, null));

    internal static string GeneratePassword() => RandomString(12, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");

    private static string RandomString(int length, string alphabet) =>
        new(Enumerable.Range(0, length).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());

    internal static string? Text(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            _ => null,
        }
        : null;

    /// <summary>common.get_id_from_href: the last path segment of an href, or the value itself.</summary>
    internal static string IdFromHref(string? href)
    {
        if (href is null) return "";
        var path = Uri.TryCreate(href, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsolutePath : href;
        return path.TrimEnd('/').Split('/')[^1];
    }

    private static string SanitizeHostname(string name)
    {
        var h = Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-', '.');
        return h.Length == 0 ? "server" : h.Length > 63 ? h[..63] : h;
    }

    // ----------------------------------------------------------------- services

    /// <summary>GET /os-services (admins only).</summary>
    public IReadOnlyList<ComputeService> ListServices(CallContext ctx, string? host, string? binary)
    {
        if (!ctx.IsAdmin) throw NovaApiException.PolicyForbids("os_compute_api:os-services:list");
        lock (_gate)
        {
            return _services.Where(s => (string.IsNullOrEmpty(host) || s.Host == host) && (string.IsNullOrEmpty(binary) || s.Binary == binary)).ToList();
        }
    }

    /// <summary>Forces a compute service down or up (PUT /os-services/{id} at 2.53+, PUT /os-services/force-down before).</summary>
    public ComputeService SetForcedDown(CallContext ctx, ComputeService service, bool forcedDown)
    {
        if (!ctx.IsAdmin) throw NovaApiException.PolicyForbids("os_compute_api:os-services:update");
        lock (_gate)
        {
            if (service.Binary != "nova-compute")
                throw NovaApiException.BadRequest($"Updating a {service.Binary} service is not supported. Only nova-compute services can be updated.");
            if (!forcedDown && service.DoneEvacuations > 0)
                throw NovaApiException.BadRequest(
                    $"Unable to force up host {service.Host} as `done` evacuation migration records remain associated with the host. " +
                    "Ensure the compute service has been restarted, allowing these records to move to `completed` before retrying this request.");
            service.ForcedDown = forcedDown;
            service.UpdatedAt = Now;
            return service;
        }
    }

    /// <summary>Enables or disables a compute service.</summary>
    public ComputeService SetDisabled(CallContext ctx, ComputeService service, bool disabled, string? reason)
    {
        if (!ctx.IsAdmin) throw NovaApiException.PolicyForbids("os_compute_api:os-services:update");
        lock (_gate)
        {
            if (service.Binary != "nova-compute")
                throw NovaApiException.BadRequest($"Updating a {service.Binary} service is not supported. Only nova-compute services can be updated.");
            service.Disabled = disabled;
            service.DisabledReason = disabled ? reason : null;
            service.UpdatedAt = Now;
            return service;
        }
    }

    /// <summary>Restarts a compute service: its init_host() completes evacuations away from it (control route, not Nova API).</summary>
    public bool RestartCompute(string host)
    {
        lock (_gate)
        {
            var service = ComputeServiceOf(host);
            if (service is null) return false;
            service.DoneEvacuations = 0;
            service.UpdatedAt = Now;
            return true;
        }
    }
}
