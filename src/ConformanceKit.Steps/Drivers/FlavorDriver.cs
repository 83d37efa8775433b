using ConformanceKit.Client;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.Support;
using Reqnroll;

namespace ConformanceKit.Steps.Drivers;

/// <summary>Which of the run's two flavors the scenario's server has.</summary>
public sealed class FlavorDriver(ScenarioState state, ScenarioClients clients, ServerDriver servers)
{
    /// <summary>
    /// Whether the server's flavor is <paramref name="flavorRef"/>: by id up to 2.46, by name from 2.47, where GET
    /// embeds the flavor ({"original_name", "vcpus"…}) instead of its id. Returns what the server shows, for messages.
    /// </summary>
    public async Task<(bool Matches, string Shown, string Expected)> HasFlavorAsync(string flavorRef)
    {
        var mv = state.EffectiveMicroversion;
        var view = await servers.ViewAsync(mv).ConfigureAwait(false);
        if (view.Raw["flavor"]?["id"] is { } id)
            return (id.ToString() == flavorRef, $"flavor id {id}", $"flavor id {flavorRef}");
        var name = view.Raw["flavor"]?["original_name"]?.ToString()
            ?? throw new ScenarioBrokenException($"GET /servers/{{id}} at {mv} shows neither flavor.id nor flavor.original_name.");
        var flavor = await clients[Role.Admin].SendAsync(HttpMethod.Get, $"{NovaUrls.Flavors}/{Uri.EscapeDataString(flavorRef)}", mv).ConfigureAwait(false);
        if (flavor.Status != 200) throw new ScenarioBrokenException($"GET flavor {flavorRef} answered {flavor}.");
        var expected = flavor.Json?["flavor"]?["name"]?.ToString() ?? "";
        return (name == expected, $"flavor '{name}'", $"flavor '{expected}' ({flavorRef})");
    }
}
