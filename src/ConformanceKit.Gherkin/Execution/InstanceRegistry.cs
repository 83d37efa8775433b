namespace ConformanceKit.Gherkin;

/// <summary>
/// Objects the host provides for the whole run (the connected session…). They are registered in Reqnroll's global
/// container, so binding constructors asking for exactly a registered type receive the registered instance; the runner
/// never disposes them.
/// </summary>
public sealed class InstanceRegistry
{
    private readonly Dictionary<Type, object> instances = [];

    /// <exception cref="InvalidOperationException">An instance is already registered for <typeparamref name="T"/>.</exception>
    public InstanceRegistry Add<T>(T instance)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (instances)
        {
            if (!instances.TryAdd(typeof(T), instance))
                throw new InvalidOperationException($"An instance of {typeof(T).Name} is already registered for the run.");
        }
        return this;
    }

    public bool Contains(Type type)
    {
        lock (instances) return instances.ContainsKey(type);
    }

    internal IReadOnlyList<(Type Type, object Instance)> All
    {
        get { lock (instances) return instances.Select(kv => (kv.Key, kv.Value)).ToList(); }
    }
}
