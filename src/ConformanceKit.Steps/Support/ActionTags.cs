using ConformanceKit.Core.Catalogue;
using ConformanceKit.Gherkin;
using ConformanceKit.Steps.StepDefinitions;

namespace ConformanceKit.Steps.Support;

/// <summary>
/// The <c>@action:NAME</c> tag a scenario gets from its When steps: a step bound to a binding that takes an
/// <c>{action}</c> (an <see cref="ActionDefinition"/>) calls that action, so the scenario exercises it, and the feature
/// need not tag it by hand (one Examples table can list the verbs of many actions). Filters (<c>--tags</c>, NUnit
/// categories), the compliance matrix and the Allure labels see these tags like written ones.
/// </summary>
public static class ActionTags
{
    public const string Prefix = "@action:";

    /// <summary>The tags a step adds (discovery's tag source): the action a When step calls, if it names a known one.</summary>
    public static IEnumerable<string> Of(BoundStep step)
    {
        if (step.Step.KeywordType != StepKeyword.When) yield break;
        // An unknown verb is left to the run, where converting it fails the step with the catalogue's verbs.
        if (step.ArgumentOfType(typeof(ActionDefinition)) is { } verb && ParameterTypes.FindAction(verb) is { } action)
            yield return Prefix + action.Name;
    }
}
