using System.Reflection;
using ConformanceKit.Gherkin.Bindings;
using ConformanceKit.Gherkin.Expressions;

namespace ConformanceKit.Gherkin;

/// <summary>A step method with one of its <c>[Given]/[When]/[Then]</c> expressions.</summary>
public sealed class StepDefinition
{
    internal StepDefinition(StepKeyword keyword, StepExpression expression, MethodInfo method, StepArgumentKind argumentKind)
    {
        Keyword = keyword;
        CompiledExpression = expression;
        Method = method;
        ArgumentKind = argumentKind;
    }

    /// <summary>The kind of step it matches; a step definition only matches steps of its keyword type.</summary>
    public StepKeyword Keyword { get; }

    /// <summary>The expression as written in the attribute.</summary>
    public string Expression => CompiledExpression.Source;

    public MethodInfo Method { get; }

    internal StepExpression CompiledExpression { get; }

    internal StepArgumentKind ArgumentKind { get; }

    /// <summary>"Class.Method".</summary>
    public string MethodName => $"{Method.DeclaringType?.Name}.{Method.Name}";

    public override string ToString() => $"[{Keyword}(\"{Expression}\")] {MethodName}";
}
