using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Core.Catalogue;
using ConformanceKit.Steps.Support;

namespace ConformanceKit.Steps.Drivers;

/// <summary>
/// Builds an action's request body from its catalogue entry, filling the ${placeholders} with values of the run
/// (image, flavor, security group…) or fresh ones remembered in the scenario (a lock reason, a password).
/// </summary>
public sealed partial class RequestBodies(KitSession session, ScenarioState state)
{
    [GeneratedRegex(@"^\$\{([A-Za-z]+)\}$")]
    private static partial Regex Placeholder();

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
                    if (o[key] is { } child) o[key] = Fill(child);
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) if (a[i] is { } child) a[i] = Fill(child);
                return a;
            case JsonValue v when v.TryGetValue<string>(out var s) && Placeholder().Match(s) is { Success: true } m:
                return JsonValue.Create(Value(m.Groups[1].Value))!;
            default:
                return node;
        }
    }

    private string Value(string name)
    {
        if (state.Values.TryGetValue(name, out var known)) return known;
        var value = name switch
        {
            "image" => session.ImageRef,
            "otherFlavor" => session.OtherFlavorRef
                ?? throw new Gherkin.ScenarioSkippedException("The endpoint offers only one flavor, so there is nothing to resize to; create a second flavor or name one with --other-flavor."),
            "securityGroup" => session.Options.SecurityGroup,
            "floatingIp" => session.Options.FloatingIp
                ?? throw new Gherkin.ScenarioSkippedException("No floating IP is configured for this target; name one with --floating-ip."),
            "name" => session.NewName("image"),
            "reason" => $"locked by the conformance kit, run {session.RunId}",
            "password" => "Nck-" + Guid.NewGuid().ToString("N")[..16],
            _ => throw new InvalidOperationException($"The catalogue uses the placeholder ${{{name}}}, which the kit cannot fill."),
        };
        if (name == "password") session.Http.Masker.Add(value);
        state.Values[name] = value;
        return value;
    }
}
