using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.Drivers;

/// <summary>
/// Builds an action's request body from its catalogue entry, filling the ${placeholders} with values of the run
/// (image, flavor, security group…) or fresh ones remembered in the scenario (a lock reason, a password).
/// </summary>
public sealed partial class RequestBodies(KitSession session, ScenarioState state, NetworkDriver network, ComputeHostDriver hosts)
{
    [GeneratedRegex(@"^\$\{([A-Za-z]+)\}$")]
    private static partial Regex Placeholder();

    /// <summary>
    /// Resolves the placeholders of <paramref name="variant"/>'s request that need to ask the cloud (the server's network
    /// and fixed address, another compute host, a leased floating IP), so that <see cref="Build"/> can fill them.
    /// </summary>
    public async Task PrepareAsync(ActionVariant variant)
    {
        foreach (var name in Placeholders(variant.Request))
        {
            if (state.Values.Has(name)) continue;
            state.Values[name] = name switch
            {
                RequestValue.NetworkId => session.Options.NetworkId ?? await network.NetworkOfServerAsync().ConfigureAwait(false),
                RequestValue.FixedIp => await network.FixedAddressOfServerAsync().ConfigureAwait(false),
                RequestValue.FloatingIp => await network.LeaseFloatingIpAsync().ConfigureAwait(false),
                RequestValue.SecurityGroup => await network.SecurityGroupAsync().ConfigureAwait(false),
                RequestValue.OtherHost => await hosts.OtherThanAsync((await network.ViewServerAsync().ConfigureAwait(false)).Host).ConfigureAwait(false),
                _ => null,
            };
        }
    }

    /// <summary>
    /// As <see cref="PrepareAsync"/>, for a request to a server that does not exist: the body must still be valid (Nova
    /// validates it before looking the server up), so server-specific values are stand-ins no server has.
    /// </summary>
    public async Task PrepareForMissingServerAsync(ActionVariant variant)
    {
        foreach (var name in Placeholders(variant.Request))
        {
            if (state.Values.Has(name)) continue;
            state.Values[name] = name switch
            {
                RequestValue.NetworkId => session.Options.NetworkId ?? Guid.NewGuid().ToString(),
                RequestValue.FixedIp => UnassignedAddress,
                RequestValue.FloatingIp => await network.LeaseFloatingIpAsync().ConfigureAwait(false),
                RequestValue.SecurityGroup => await network.SecurityGroupAsync().ConfigureAwait(false),
                RequestValue.OtherHost => await hosts.OtherThanAsync(null).ConfigureAwait(false),
                _ => null,
            };
        }
    }

    /// <summary>An address from TEST-NET-1 (RFC 5737), reserved for documentation: no server has it.</summary>
    public const string UnassignedAddress = "192.0.2.1";

    /// <summary>The values a request body's placeholders name, in order.</summary>
    public static IEnumerable<RequestValue> Placeholders(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Placeholders(p.Value)),
        JsonArray a => a.SelectMany(Placeholders),
        JsonValue v when v.TryGetValue<string>(out var s) && Placeholder().Match(s) is { Success: true } m => [RequestValues.Parse(m.Groups[1].Value)],
        _ => [],
    };

    public JsonNode? Build(ActionDefinition action, ActionVariant variant)
    {
        var body = variant.Request?.DeepClone();
        return body is null ? null : Fill(body);
    }

    private JsonNode Fill(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                    if (o[key] is { } child && Fill(child) is var filled && !ReferenceEquals(filled, child)) o[key] = filled;
                return o;
            case JsonArray a:
                // A node may be put back only where it was detached: replace only what a placeholder changed.
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } child && Fill(child) is var filled && !ReferenceEquals(filled, child)) a[i] = filled;
                return a;
            case JsonValue v when v.TryGetValue<string>(out var s) && Placeholder().Match(s) is { Success: true } m:
                return JsonValue.Create(Value(RequestValues.Parse(m.Groups[1].Value)))!;
            default:
                return node;
        }
    }

    private string Value(RequestValue name)
    {
        if (state.Values[name] is { } known) return known;
        var value = name switch
        {
            RequestValue.Image => session.ImageRef,
            RequestValue.OtherFlavor => session.OtherFlavorRef
                ?? throw new Gherkin.ScenarioSkippedException("The endpoint offers only one flavor, so there is nothing to resize to; create a second flavor or name one with --other-flavor."),
            RequestValue.FloatingIp or RequestValue.SecurityGroup or RequestValue.NetworkId or RequestValue.FixedIp or RequestValue.OtherHost =>
                throw new InvalidOperationException($"{name} is resolved by PrepareAsync, which must run before the body is built."),
            RequestValue.Name => session.NewName("image"),
            RequestValue.Reason => $"locked by the conformance kit, run {session.RunId}",
            RequestValue.Password => "Nck-" + Guid.NewGuid().ToString("N")[..16],
            _ => throw new InvalidOperationException($"The kit has no way to fill {name}."),
        };
        if (name == RequestValue.Password) session.Http.Masker.Add(value);
        state.Values[name] = value;
        return value;
    }
}
