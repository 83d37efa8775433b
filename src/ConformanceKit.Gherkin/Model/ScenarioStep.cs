namespace ConformanceKit.Gherkin;

/// <summary>One step of a compiled scenario (background steps come first).</summary>
/// <param name="KeywordType">Given/When/Then, with And/But/* resolved to the step before.</param>
/// <param name="Keyword">The keyword as written, trimmed: "Given", "And", "*"...</param>
/// <param name="Text">The step text, with outline placeholders replaced.</param>
/// <param name="Line">The step's line in the feature file.</param>
/// <param name="DataTable">The table under the step, if any.</param>
/// <param name="DocString">The doc string under the step, if any.</param>
public sealed record ScenarioStep(
    StepKeyword KeywordType,
    string Keyword,
    string Text,
    int Line,
    Reqnroll.DataTable? DataTable = null,
    DocString? DocString = null)
{
    public override string ToString() => $"{Keyword} {Text}";
}
