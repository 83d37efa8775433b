namespace ConformanceKit.Gherkin;

/// <summary>
/// Marks a class whose methods are step definitions, hooks or parameter types.
/// Instances are created per scenario; the constructor receives per-scenario context objects.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BindingAttribute : Attribute;
