using System.Reflection;

namespace ConformanceKit.Gherkin.Bindings;

/// <summary>A hook method, the tag expressions that select its scenarios (any of them; none means all) and its order.</summary>
internal sealed record HookDefinition(HookKind Kind, MethodInfo Method, int Order, IReadOnlyList<TagExpression> Filters)
{
    public bool AppliesTo(IReadOnlyList<string> tags) => Filters.Count == 0 || Filters.Any(f => f.Matches(tags));

    public string MethodName => $"{Method.DeclaringType?.Name}.{Method.Name}";
}
