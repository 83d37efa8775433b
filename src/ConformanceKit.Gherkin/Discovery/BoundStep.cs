namespace ConformanceKit.Gherkin;

/// <summary>
/// A scenario's step as Reqnroll's binding registry binds it at discovery: the step, the binding method's parameter
/// types (full names, in order) and the texts the step gives them (before any conversion; a data table or doc string
/// argument is not among them). A discovery's tag source reads it to derive tags from what a step is bound to.
/// </summary>
public sealed record BoundStep(ScenarioStep Step, int StepIndex, string Binding, IReadOnlyList<string> ParameterTypes, IReadOnlyList<string?> Arguments)
{
    /// <summary>The text the step gives the binding's first parameter of this type, or null when it takes none.</summary>
    public string? ArgumentOfType(Type type)
    {
        var at = Enumerable.Range(0, Math.Min(ParameterTypes.Count, Arguments.Count))
            .FirstOrDefault(i => ParameterTypes[i] == type.FullName, -1);
        return at < 0 ? null : Arguments[at];
    }
}
