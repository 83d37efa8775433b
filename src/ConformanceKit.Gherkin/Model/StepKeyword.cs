namespace ConformanceKit.Gherkin;

/// <summary>
/// The meaning of a step. <c>And</c>, <c>But</c> and <c>*</c> take the meaning of the step before them
/// (a first step written with <c>*</c> counts as <see cref="Given"/>).
/// </summary>
public enum StepKeyword
{
    Given,
    When,
    Then,
}
