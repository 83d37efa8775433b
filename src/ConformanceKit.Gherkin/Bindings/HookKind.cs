namespace ConformanceKit.Gherkin.Bindings;

internal enum HookKind
{
    BeforeScenario,
    AfterScenario,
    BeforeStep,
    AfterStep,
}
