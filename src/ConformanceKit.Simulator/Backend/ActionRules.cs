using ConformanceKit.Core;
using ConformanceKit.Core.Catalogue;

namespace ConformanceKit.Simulator.Backend;

/// <summary>The rules the simulator enforces for one action (variant): the catalogue entry with its <see cref="NovaFacts"/>.</summary>
public sealed record ActionRule(
    ActionDefinition Definition,
    ActionVariant Variant,
    NovaFacts Facts,
    IReadOnlySet<string>? AllowedVmStates,
    string? TaskState,
    TaskRule TaskRule,
    Settlement Settles)
{
    public string Name => Definition.Name;
    public bool AdminOnly => Definition.Policy == ActionPolicy.Admin;
    public bool Sync => Facts.Sync;
}

/// <summary>Builds <see cref="ActionRule"/>s from the catalogue: its api-ref facts and real Nova's facts ("nova"), both in catalogue/actions/NAME.json.</summary>
public sealed class ActionRules
{
    /// <summary>Real Nova's facts per action: the "nova" object of each catalogue/actions/NAME.json.</summary>
    public IReadOnlyDictionary<string, NovaFacts> Facts { get; }

    private readonly ActionCatalogue _catalogue;

    public ActionRules(ActionCatalogue catalogue)
    {
        _catalogue = catalogue;
        var missing = catalogue.Actions.Where(a => a.Nova is null).Select(a => a.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The simulator has no Nova facts for catalogue action(s) {string.Join(", ", missing)}; add \"nova\" to catalogue/actions/NAME.json.");
        Facts = catalogue.Actions.ToDictionary(a => a.Name, a => a.Nova!, StringComparer.Ordinal);
    }

    public ActionCatalogue Catalogue => _catalogue;

    public bool Knows(string action) => _catalogue.Find(action) is not null;

    /// <summary>The rule for <paramref name="action"/> in variant <paramref name="variant"/> (null: the default variant).</summary>
    public ActionRule For(string action, string? variant = null)
    {
        var def = _catalogue[action];
        var v = def.Variant(variant);
        var facts = Facts[action];
        var allowed = facts.AnyState ? null : facts.AllowedFromOverride ?? v.AllowedFrom;
        var vmStates = allowed?.Select(StatusFromState.VmStateOf).ToHashSet(StringComparer.Ordinal);
        var taskRule = facts.TaskRule;
        if (action == "reboot" && v.Name == "HARD") taskRule = TaskRule.AllowReboot;
        var task = v.TaskState ?? facts.TaskState;
        if (task is null && v.TransitionalStatus is not null)
            throw new InvalidOperationException($"{action} ({v.Name}) passes through {v.TransitionalStatus} but its catalogue file names no taskState.");
        return new ActionRule(def, v, facts, vmStates, task, taskRule, v.Settles);
    }
}
