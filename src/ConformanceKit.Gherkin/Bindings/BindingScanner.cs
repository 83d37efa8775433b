using System.Reflection;
using System.Text.RegularExpressions;
using ConformanceKit.Gherkin.Expressions;

namespace ConformanceKit.Gherkin.Bindings;

/// <summary>Reads parameter types, step definitions and hooks from [Binding] classes, reporting each declaration mistake as an error.</summary>
internal sealed class BindingScanner
{
    private const BindingFlags AllMethods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private readonly List<DiscoveryError> errors = [];
    private readonly Dictionary<string, ParameterType> parameterTypes = BuiltInParameterTypes.All.ToDictionary(t => t.Name, StringComparer.Ordinal);
    private readonly List<StepDefinition> steps = [];
    private readonly List<HookDefinition> hooks = [];

    public IReadOnlyList<DiscoveryError> Errors => errors;

    public IReadOnlyDictionary<string, ParameterType> ParameterTypes => parameterTypes;

    public IReadOnlyList<StepDefinition> Steps => steps;

    public IReadOnlyList<HookDefinition> Hooks => hooks;

    public void Scan(IEnumerable<Type> bindingTypes)
    {
        var types = bindingTypes.Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        var methods = types.SelectMany(t => t.GetMethods(AllMethods).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.ToString(), StringComparer.Ordinal)).ToList();

        // Parameter types first: step expressions refer to them.
        foreach (var method in methods)
        {
            if (method.GetCustomAttribute<ParameterTypeAttribute>() is { } attribute)
            {
                AddParameterType(method, attribute);
            }
        }

        foreach (var method in methods)
        {
            foreach (var attribute in method.GetCustomAttributes<StepDefinitionAttribute>())
            {
                AddStep(method, attribute);
            }

            foreach (var attribute in method.GetCustomAttributes<HookAttribute>())
            {
                AddHook(method, attribute);
            }
        }
    }

    private void AddParameterType(MethodInfo method, ParameterTypeAttribute attribute)
    {
        var parameters = method.GetParameters();
        if (!method.IsPublic || !method.IsStatic || parameters.Length != 1 || parameters[0].ParameterType != typeof(string)
            || method.ReturnType == typeof(void) || method.IsGenericMethodDefinition)
        {
            Error(method, $"[ParameterType(\"{attribute.Name}\")] must be on a public static method taking one string and returning the value");
            return;
        }

        if (string.IsNullOrWhiteSpace(attribute.Name) || attribute.Name.Any(c => !char.IsLetterOrDigit(c) && c is not '_' and not '-'))
        {
            Error(method, $"the parameter type name '{attribute.Name}' must be letters, digits, '_' or '-'");
            return;
        }

        if (parameterTypes.TryGetValue(attribute.Name, out var existing))
        {
            Error(method, $"the parameter type {{{attribute.Name}}} is already defined by {existing.Source}; give it another name");
            return;
        }

        try
        {
            _ = new Regex(attribute.Regex, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            Error(method, $"the regex of {{{attribute.Name}}} is invalid: {e.Message}");
            return;
        }

        parameterTypes[attribute.Name] = new ParameterType(
            attribute.Name,
            attribute.Regex,
            method.ReturnType,
            (text, _) => InvokeTransform(method, attribute.Name, text),
            attribute.UseForSnippets,
            Describe(method));
    }

    private static object? InvokeTransform(MethodInfo method, string name, string text)
    {
        try
        {
            return method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [text], null);
        }
        catch (Exception e)
        {
            throw new FormatException($"'{text}' is not a valid {{{name}}}: {e.Message.TrimEnd('.')}", e);
        }
    }

    private void AddStep(MethodInfo method, StepDefinitionAttribute attribute)
    {
        var label = $"[{attribute.Keyword}(\"{attribute.Expression}\")]";
        if (!CheckInvocable(method, label))
        {
            return;
        }

        StepExpression expression;
        try
        {
            expression = StepExpressionCompiler.Compile(attribute.Expression, parameterTypes);
        }
        catch (FormatException e)
        {
            Error(method, $"{label}: {e.Message}");
            return;
        }

        var parameters = method.GetParameters();
        var captured = expression.Parameters.Count;
        StepArgumentKind? argumentKind = parameters.Length == captured ? StepArgumentKind.None
            : parameters.Length != captured + 1 ? null
            : parameters[^1].ParameterType == typeof(DataTable) ? StepArgumentKind.DataTable
            : parameters[^1].ParameterType == typeof(string) ? StepArgumentKind.DocString
            : null;
        if (argumentKind is null)
        {
            Error(method, $"{label}: the expression captures {captured} value(s), so the method takes {captured} parameter(s), plus optionally a last DataTable or string (doc string); it takes {parameters.Length}");
            return;
        }

        for (var i = 0; i < captured; i++)
        {
            var target = parameters[i].ParameterType;
            var bindable = expression.Parameters[i] is { } type ? type.CanBindTo(target) : ValueConverter.CanConvert(target);
            if (target.IsByRef || !bindable)
            {
                var source = expression.Parameters[i]?.ToString() ?? $"regex group {i + 1}";
                Error(method, $"{label}: parameter '{parameters[i].Name}' of type {target.Name} cannot receive the value of {source}");
                return;
            }
        }

        steps.Add(new StepDefinition(attribute.Keyword, expression, method, argumentKind.Value));
    }

    private void AddHook(MethodInfo method, HookAttribute attribute)
    {
        var kind = attribute switch
        {
            BeforeScenarioAttribute => HookKind.BeforeScenario,
            AfterScenarioAttribute => HookKind.AfterScenario,
            BeforeStepAttribute => HookKind.BeforeStep,
            _ => HookKind.AfterStep,
        };
        var label = $"[{kind}]";
        if (!CheckInvocable(method, label))
        {
            return;
        }

        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            Error(method, $"{label}: hook parameters cannot be ref or out");
            return;
        }

        var filters = new List<TagExpression>();
        foreach (var text in attribute.TagExpressions)
        {
            if (!TagExpression.TryParse(text, out var filter, out var problem))
            {
                Error(method, $"{label}: {problem}");
                return;
            }

            filters.Add(filter);
        }

        hooks.Add(new HookDefinition(kind, method, attribute.Order, filters));
    }

    private bool CheckInvocable(MethodInfo method, string label)
    {
        var returnType = method.ReturnType;
        var problem = !method.IsPublic ? "the method must be public"
            : method.IsGenericMethodDefinition ? "the method cannot be generic"
            : !method.IsStatic && method.DeclaringType is { IsAbstract: true } ? "an instance method needs a class that is not abstract or static"
            : method.DeclaringType is { ContainsGenericParameters: true } ? "the class cannot be generic"
            : returnType != typeof(void) && !typeof(Task).IsAssignableFrom(returnType) && returnType != typeof(ValueTask)
                ? $"the method must return void, Task or ValueTask, not {returnType.Name}"
            : null;
        if (problem is not null)
        {
            Error(method, $"{label}: {problem}");
        }

        return problem is null;
    }

    private void Error(MethodInfo method, string message) =>
        errors.Add(new DiscoveryError(DiscoveryErrorKind.InvalidBinding, Describe(method), 0, message));

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
