using System.Reflection;

namespace ConformanceKit.Gherkin.Execution;

/// <summary>
/// Creates and keeps the per-scenario objects: binding classes and whatever their constructors ask for.
/// A parameter is resolved from the run's registered instances, then the <see cref="ScenarioContext"/>, then by
/// creating one instance per scenario (public constructor with the most parameters, recursively).
/// </summary>
internal sealed class ScenarioScope(InstanceRegistry runInstances, ScenarioContext context)
{
    private readonly Dictionary<Type, object> instances = [];
    private readonly List<object> created = [];

    /// <exception cref="ContextResolutionException">The type cannot be created (cycle, no usable constructor...).</exception>
    public object Resolve(Type type) => Resolve(type, []);

    /// <summary>Disposes what this scope created, last created first; returns the failures.</summary>
    public async Task<IReadOnlyList<(object Instance, Exception Error)>> DisposeAllAsync()
    {
        var failures = new List<(object, Exception)>();
        for (var i = created.Count - 1; i >= 0; i--)
        {
            try
            {
                switch (created[i])
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (Exception e)
            {
                failures.Add((created[i], e));
            }
        }

        created.Clear();
        instances.Clear();
        return failures;
    }

    private object Resolve(Type type, List<Type> path)
    {
        if (type == typeof(ScenarioContext))
        {
            return context;
        }

        if (runInstances.TryGet(type, out var shared) || instances.TryGetValue(type, out shared))
        {
            return shared;
        }

        if (path.Contains(type))
        {
            throw new ContextResolutionException($"Cannot create {type.Name}: its constructors depend on each other in a cycle ({string.Join(" -> ", path.Append(type).Select(t => t.Name))}).");
        }

        var instance = Create(type, [.. path, type]);
        instances[type] = instance;
        created.Add(instance);
        return instance;
    }

    private object Create(Type type, List<Type> path)
    {
        var chain = string.Join(" -> ", path.Select(t => t.Name));
        if (type.IsInterface || type.IsAbstract || type.IsPrimitive || type == typeof(string) || type.IsValueType || type.ContainsGenericParameters)
        {
            throw new ContextResolutionException($"Cannot create {type.Name} (needed by {chain}): it is not a concrete class; register an instance of it for the run.");
        }

        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        if (constructors.Length == 0)
        {
            throw new ContextResolutionException($"Cannot create {type.Name} (needed by {chain}): it has no public constructor.");
        }

        var most = constructors.Max(c => c.GetParameters().Length);
        var widest = constructors.Where(c => c.GetParameters().Length == most).ToList();
        if (widest.Count > 1)
        {
            throw new ContextResolutionException($"Cannot create {type.Name}: it has {widest.Count} public constructors with {most} parameters; keep one.");
        }

        var arguments = widest[0].GetParameters().Select(p => Resolve(p.ParameterType, path)).ToArray();
        return widest[0].Invoke(BindingFlags.DoNotWrapExceptions, null, arguments, null);
    }
}
