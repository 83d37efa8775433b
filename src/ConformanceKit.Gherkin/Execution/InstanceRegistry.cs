using System.Diagnostics.CodeAnalysis;

namespace ConformanceKit.Gherkin;

/// <summary>
/// Objects the host provides for the whole run (configuration, a shared client...). Constructors and hooks asking
/// for exactly a registered type receive the registered instance; it is never disposed by the runner.
/// </summary>
public sealed class InstanceRegistry
{
    private readonly Dictionary<Type, object> instances = [];

    /// <summary>Registers <paramref name="instance"/> under <typeparamref name="T"/> (register it again under other types if needed).</summary>
    /// <exception cref="InvalidOperationException">An instance is already registered for <typeparamref name="T"/>.</exception>
    public InstanceRegistry Add<T>(T instance)
        where T : class => Add(typeof(T), instance);

    /// <inheritdoc cref="Add{T}(T)"/>
    public InstanceRegistry Add(Type type, object instance)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(instance);
        if (!type.IsInstanceOfType(instance))
        {
            throw new ArgumentException($"The instance is a {instance.GetType().Name}, not a {type.Name}.", nameof(instance));
        }

        lock (instances)
        {
            if (!instances.TryAdd(type, instance))
            {
                throw new InvalidOperationException($"An instance of {type.Name} is already registered for the run.");
            }
        }

        return this;
    }

    public bool TryGet(Type type, [NotNullWhen(true)] out object? instance)
    {
        lock (instances)
        {
            return instances.TryGetValue(type, out instance);
        }
    }
}
