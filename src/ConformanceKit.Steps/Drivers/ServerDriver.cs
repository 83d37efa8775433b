using ConformanceKit.Client;
using ConformanceKit.Core;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.Drivers;

/// <summary>Creates the scenario's servers, brings them to a status and reads them back.</summary>
public sealed class ServerDriver(KitSession session, ScenarioState state, ScenarioClients clients, ActionDriver actions, ContractCheck contracts, ComputeHostDriver hosts)
{
    /// <summary>GET needs at least this microversion to show `locked`.</summary>
    private static readonly Microversion LockedField = new(2, 9);

    public ServerWaiter Waiter(Role role = Role.Admin) => new(clients[role], session.Options.Wait, poller: session.Poller);

    public async Task<string> CreateAsync(Role owner)
    {
        // An ACTIVE server a refusal scenario left as it received it (checked afresh by the shelf).
        if (owner == Role.Owner && await session.Shelf.TakeAsync("ACTIVE", clients[Role.Admin]).ConfigureAwait(false) is { } shelved)
            return Adopt(shelved);
        // A fresh ACTIVE server made ahead by the run's pool: this scenario owns it from now on, as if it had created it.
        if (owner == Role.Owner && await session.Pool.TakeAsync(CancellationToken.None).ConfigureAwait(false) is { } pooled)
        {
            state.CreatedServers.Add(pooled);
            return pooled;
        }
        var name = session.NewName("server");
        var client = clients[owner];
        var spec = new ServerCreate(name, session.FlavorRef, session.ImageRef, session.Options.NetworkId) { Metadata = session.Tracker.RunMetadata() };
        var response = await session.Quota.CreateWithinQuotaAsync(async () =>
        {
            try { return await client.CreateServerAsync(spec, null).ConfigureAwait(false); }
            catch (Client.Http.EndpointUnreachableException e) when (!e.NeverSent)
            {
                // The server may be created all the same: it is looked up by name before the run ends.
                session.Tracker.GaveUpOn(name);
                throw;
            }
        }).ConfigureAwait(false);
        if (response.Status != 202)
            throw new Gherkin.ScenarioBrokenException($"Creating a server answered {response}; the kit needs to create servers to check actions.");
        var id = response.Json?["server"]?["id"]?.ToString()
            ?? throw new Gherkin.ScenarioBrokenException($"Creating a server answered 202 without a server id: {response.Body}");
        session.Tracker.Add(id, name);
        state.CreatedServers.Add(id);
        ServerView? active = null;
        await Preparing("creating the server", async () => active = await Waiter().ForStatusAsync(id, "ACTIVE").ConfigureAwait(false)).ConfigureAwait(false);
        state.Handover = owner == Role.Owner && active is not null ? new ShelfBaseline(id, state.Exchanges.Items.Count, active) : null;
        return id;
    }

    /// <summary>Brings the scenario's server from its current status to <paramref name="status"/> through catalogue actions.</summary>
    public async Task BringToAsync(string status)
    {
        if (await SwapFromShelfAsync(status).ConfigureAwait(false)) return;
        var handedOver = state.Handover;
        state.Handover = null;
        await ReachAsync(status).ConfigureAwait(false);
        // Real Nova saves SHELVED_OFFLOADED first and clears the host in a second save (compute/manager.py
        // _shelve_offload_instance): a scenario on an offloaded server starts once it has no host.
        if (status == "SHELVED_OFFLOADED") await HostClearedAsync().ConfigureAwait(false);
        // The prepared server is the scenario's starting point: what it may hand on is this state.
        if (handedOver is not null && handedOver.Id == state.ServerId && session.Shelf.Enabled
            && await session.Shelf.ReadAsync(handedOver.Id, clients[Role.Admin]).ConfigureAwait(false) is { } prepared)
            state.Handover = new ShelfBaseline(handedOver.Id, state.Exchanges.Items.Count, prepared);
    }

    /// <summary>
    /// Where the shelf holds a server in <paramref name="status"/> and the scenario's own server is still as it received
    /// it, the scenario's server goes back on the shelf and the scenario goes on with the shelved one.
    /// </summary>
    private async Task<bool> SwapFromShelfAsync(string status)
    {
        if (state.Handover is not { } mine || mine.Id != state.ServerId || !session.Shelf.Has(status)
            || !ServerShelf.Untouched(mine, state.Exchanges.Items)) return false;
        var admin = clients[Role.Admin];
        if (await session.Shelf.TakeAsync(status, admin).ConfigureAwait(false) is not { } shelved) return false;
        if (await session.Shelf.OfferAsync(mine, state.Exchanges.Items, admin).ConfigureAwait(false))
            state.CreatedServers.Remove(mine.Id);
        state.ServerId = Adopt(shelved);
        return true;
    }

    /// <summary>A server from the shelf becomes the scenario's: deleted after it unless handed on again, its hand-over from now on.</summary>
    private string Adopt(ShelfBaseline shelved)
    {
        state.CreatedServers.Add(shelved.Id);
        state.Handover = shelved with { ExchangeIndex = state.Exchanges.Items.Count };
        return shelved.Id;
    }

    private async Task HostClearedAsync()
    {
        if (await HostlessAsync().ConfigureAwait(false) is { Host: { } host })
            throw new Gherkin.ScenarioBrokenException($"The offloaded server still shows host {host} after {session.Options.Wait.Timeout.TotalSeconds:0} s.");
    }

    /// <summary>
    /// Reads the server until it shows no host or the wait times out; returns the last view. Real Nova saves
    /// SHELVED_OFFLOADED (task_state null) first and clears the host in a second save (compute/manager.py
    /// _shelve_offload_instance).
    /// </summary>
    public async Task<ServerView> HostlessAsync() =>
        (await Poll.UntilAsync(() => ViewAsync(null), v => v.Host is null, session.Options.Wait.Timeout, session.Options.Wait.Schedule()).ConfigureAwait(false)).Last;

    private async Task ReachAsync(string status)
    {
        var id = state.RequireServer();
        var current = (await ViewAsync(null).ConfigureAwait(false)).Status;
        IReadOnlyList<PlanStep> plan;
        try { plan = new StatePlanner(session.Catalogue).Plan(current, status); }
        catch (InvalidOperationException e) { throw new Gherkin.ScenarioBrokenException("Kit error: " + e.Message, e); }
        foreach (var step in plan)
        {
            var from = current;
            current = step.Reaches;
            if (step.IsDelete)
            {
                var deleted = await clients[Role.Owner].DeleteServerAsync(id).ConfigureAwait(false);
                if (deleted.Status != 204)
                    throw new Gherkin.ScenarioBrokenException($"Deleting the server to reach SOFT_DELETED answered {deleted}.");
                // Gone (404) means no soft delete: noticed on the first poll that shows it, not after a timeout.
                ServerView? soft = null;
                await Preparing("deleting the server softly", async () => soft = await Waiter().ForDeletedOrSoftDeletedAsync(id).ConfigureAwait(false)).ConfigureAwait(false);
                if (soft is null)
                {
                    session.Tracker.Forget(id);
                    throw DeploymentSettings.NoSoftDelete();
                }
                continue;
            }
            var action = session.Catalogue[step.Action!];
            var role = action.Policy == Core.Catalogue.ActionPolicy.Admin ? Role.Admin : Role.Owner;
            var response = await actions.SendAsync(role, action, step.Variant, id, null, record: false).ConfigureAwait(false);
            if (response.Status == 501 && action.ErrorCodes.Contains(501))
                throw new Gherkin.ScenarioNotSupportedException(
                    $"{status} cannot be reached: {action.Name} answered 501, this deployment's driver does not implement it ({response.ErrorMessage ?? "no message"}).");
            if (response.Status == 400 && response.ErrorMessage?.StartsWith(DeploymentSettings.NoValidHost, StringComparison.Ordinal) == true
                && await hosts.SingleHostAsync().ConfigureAwait(false) is { } only)
                throw DeploymentSettings.NoSecondHost(only, resize: action.Name == "resize");
            if (response.Status != action.NormalCode)
                throw new Gherkin.ScenarioBrokenException($"Preparing status {status}: {step} answered {response}, not {action.NormalCode}.");
            try
            {
                await Preparing($"preparing status {status} ({step})", () => Waiter().ForStatusAsync(id, step.Reaches,
                    cannotGetThere: CannotGetThere(step.Reaches, from))).ConfigureAwait(false);
            }
            catch (StatusUnreachableException) when (step.Reaches == "SHELVED")
            {
                // The documented immediate offload: SHELVED_OFFLOADED is then reached by shelve alone.
                if (status == "SHELVED_OFFLOADED") return;
                throw DeploymentSettings.ImmediateOffload();
            }
            catch (StatusUnreachableException e)
            {
                if (await hosts.SingleHostAsync().ConfigureAwait(false) is { } single) throw DeploymentSettings.NoSecondHost(single, resize: action.Name == "resize");
                throw new Gherkin.ScenarioBrokenException($"The endpoint failed while preparing status {status} ({step}): {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Settled states from which <paramref name="target"/> will not come, so a wait stops at once: SHELVED_OFFLOADED
    /// for SHELVED (immediate offload), and for VERIFY_RESIZE the status the server had before the resize or migration
    /// (task_state null again: the move ended without effect, as when the scheduler finds no host).
    /// </summary>
    public static Func<ServerView, bool>? CannotGetThere(string target, string? before) => target switch
    {
        "SHELVED" => v => v.Status == "SHELVED_OFFLOADED",
        "VERIFY_RESIZE" when before is not null => v => v.Status == before,
        _ => null,
    };

    /// <summary>A server that does not reach a state the scenario only prepares is an endpoint fault, not a verdict.</summary>
    private static async Task Preparing(string what, Func<Task> wait)
    {
        try { await wait().ConfigureAwait(false); }
        catch (Exception e) when (e is WaitTimeoutException or ServerFaultException or WaitDeadEndException)
        {
            throw new Gherkin.ScenarioBrokenException($"The endpoint failed while {what}: {e.Message}", e);
        }
    }

    /// <summary>GET as the admin; <paramref name="microversion"/> null means one that shows every field the kit reads.</summary>
    public async Task<ServerView> ViewAsync(Microversion? microversion)
    {
        var mv = microversion ?? Microversion.Max(LockedField, state.EffectiveMicroversion);
        var response = await clients[Role.Admin].GetServerAsync(state.RequireServer(), mv).ConfigureAwait(false);
        if (response.Status != 200)
            throw new Gherkin.ScenarioBrokenException($"Reading the server back answered {response}.");
        contracts.Server(mv, response);
        return ServerView.From(response.Json);
    }

    /// <summary>A server id that certainly does not exist.</summary>
    public static string MissingId() => Guid.NewGuid().ToString();
}
