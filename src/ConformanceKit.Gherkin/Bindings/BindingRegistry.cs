using System.Reflection;
using ConformanceKit.Gherkin.Bindings;
using ConformanceKit.Gherkin.Expressions;

namespace ConformanceKit.Gherkin;

/// <summary>The step definitions, hooks and parameter types of a set of [Binding] classes.</summary>
public sealed class BindingRegistry
{
    private BindingRegistry(BindingScanner scanner, IReadOnlyList<DiscoveryError> extraErrors)
    {
        StepDefinitions = scanner.Steps;
        Hooks = scanner.Hooks;
        ParameterTypes = scanner.ParameterTypes;
        Errors = [.. extraErrors, .. scanner.Errors];
        Matcher = new StepMatcher(StepDefinitions, ParameterTypes.Values.Where(t => t.ValueType is not null).ToList());
    }

    /// <summary>Every well-declared step definition (one per attribute).</summary>
    public IReadOnlyList<StepDefinition> StepDefinitions { get; }

    /// <summary>Declaration mistakes (kind <see cref="DiscoveryErrorKind.InvalidBinding"/>); the faulty bindings are left out.</summary>
    public IReadOnlyList<DiscoveryError> Errors { get; }

    /// <summary>The names of the registered parameter types, built-ins ("int", "float", "word", "string", "") included.</summary>
    public IReadOnlyCollection<string> ParameterTypeNames => ParameterTypes.Keys.ToList();

    internal IReadOnlyList<HookDefinition> Hooks { get; }

    internal IReadOnlyDictionary<string, ParameterType> ParameterTypes { get; }

    internal StepMatcher Matcher { get; }

    /// <summary>The classes marked [Binding] in these assemblies (public or not).</summary>
    public static BindingRegistry FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var types = assemblies.Distinct().SelectMany(LoadableTypes).Where(t => t.IsDefined(typeof(BindingAttribute), inherit: false));
        return FromTypesCore(types, []);
    }

    /// <summary>Exactly these classes; each must be marked [Binding].</summary>
    public static BindingRegistry FromTypes(IEnumerable<Type> bindingTypes)
    {
        ArgumentNullException.ThrowIfNull(bindingTypes);
        var types = bindingTypes.ToList();
        var unmarked = types
            .Where(t => !t.IsDefined(typeof(BindingAttribute), inherit: false))
            .Select(t => new DiscoveryError(DiscoveryErrorKind.InvalidBinding, t.FullName ?? t.Name, 0, "the class is not marked [Binding]; add the attribute"))
            .ToList();
        return FromTypesCore(types.Where(t => t.IsDefined(typeof(BindingAttribute), inherit: false)), unmarked);
    }

    /// <summary>Shorthand for <see cref="FromTypes(IEnumerable{Type})"/>.</summary>
    public static BindingRegistry FromTypes(params Type[] bindingTypes) => FromTypes((IEnumerable<Type>)bindingTypes);

    private static BindingRegistry FromTypesCore(IEnumerable<Type> types, IReadOnlyList<DiscoveryError> extraErrors)
    {
        var scanner = new BindingScanner();
        scanner.Scan(types);
        return new BindingRegistry(scanner, extraErrors);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
