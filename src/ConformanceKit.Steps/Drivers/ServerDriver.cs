using ConformanceKit.Client;
using ConformanceKit.Core;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.Drivers;

/// <summary>Creates the scenario's servers, brings them to a status and reads them back.</summary>
public sealed class ServerDriver(KitSession session, ScenarioState state, ScenarioClients clients, ActionDriver actions, ContractCheck contracts)
{
    /// <summary>GET needs at least this microversion to show `locked`.</summary>
    private static readonly Microversion LockedField = new(2, 9);

    public ServerWaiter Waiter(Role role = Role.Admin) => new(clients[role], session.Options.Wait);

    public async Task<string> CreateAsync(Role owner)
    {
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
        await Preparing("creating the server", () => Waiter().ForStatusAsync(id, "ACTIVE")).ConfigureAwait(false);
        return id;
    }

    /// <summary>Brings the scenario's server from its current status to <paramref name="status"/> through catalogue actions.</summary>
    public async Task BringToAsync(string status)
    {
        var id = state.RequireServer();
        var current = (await ViewAsync(null).ConfigureAwait(false)).Status;
        IReadOnlyList<PlanStep> plan;
        try { plan = new StatePlanner(session.Catalogue).Plan(current, status); }
        catch (InvalidOperationException e) { throw new Gherkin.ScenarioBrokenException("Kit error: " + e.Message, e); }
        foreach (var step in plan)
        {
            if (step.IsDelete)
            {
                var deleted = await clients[Role.Owner].DeleteServerAsync(id).ConfigureAwait(false);
                if (deleted.Status != 204)
                    throw new Gherkin.ScenarioBrokenException($"Deleting the server to reach SOFT_DELETED answered {deleted}.");
                var after = await clients[Role.Admin].GetServerAsync(id, null).ConfigureAwait(false);
                if (after.Status == 404)
                {
                    session.Tracker.Forget(id);
                    throw new Gherkin.ScenarioSkippedException("This deployment deletes servers at once (no soft delete: reclaim_instance_interval is 0), so SOFT_DELETED cannot be reached.");
                }
                await Preparing("deleting the server softly", () => Waiter().ForStatusAsync(id, "SOFT_DELETED")).ConfigureAwait(false);
                continue;
            }
            var action = session.Catalogue[step.Action!];
            var role = action.Policy == Core.Catalogue.ActionPolicy.Admin ? Role.Admin : Role.Owner;
            var response = await actions.SendAsync(role, action, step.Variant, id, null, record: false).ConfigureAwait(false);
            if (response.Status == 501 && action.ErrorCodes.Contains(501))
                throw new Gherkin.ScenarioNotSupportedException(
                    $"{status} cannot be reached: {action.Name} answered 501, this deployment's driver does not implement it ({response.ErrorMessage ?? "no message"}).");
            if (response.Status != action.NormalCode)
                throw new Gherkin.ScenarioBrokenException($"Preparing status {status}: {step} answered {response}, not {action.NormalCode}.");
            await Preparing($"preparing status {status} ({step})", () => Waiter().ForStatusAsync(id, step.Reaches)).ConfigureAwait(false);
        }
    }

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
        var mv = microversion ?? Microversion.Max(LockedField, state.Microversion ?? session.Latest);
        var response = await clients[Role.Admin].GetServerAsync(state.RequireServer(), mv).ConfigureAwait(false);
        if (response.Status != 200)
            throw new Gherkin.ScenarioBrokenException($"Reading the server back answered {response}.");
        contracts.Server(mv, response);
        return ServerView.From(response.Json);
    }

    /// <summary>A server id that certainly does not exist.</summary>
    public static string MissingId() => Guid.NewGuid().ToString();
}
