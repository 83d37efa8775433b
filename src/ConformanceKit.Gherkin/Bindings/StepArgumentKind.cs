namespace ConformanceKit.Gherkin.Bindings;

/// <summary>What a step method's extra last parameter receives.</summary>
internal enum StepArgumentKind
{
    None,
    DataTable,
    DocString,
}
