using Reqnroll;
using Reqnroll.Plugins;
using Reqnroll.UnitTestProvider;

namespace ConformanceKit.Gherkin.Bridge;

/// <summary>
/// The bridge's Reqnroll runtime plugin: makes the kit's outcomes known to Reqnroll (a skipped or not-supported
/// scenario is Skipped, not an error) through a unit-test runtime provider, and registers the run's shared objects
/// (the connected session…) in Reqnroll's global container so bindings receive them by constructor injection.
/// </summary>
internal sealed class KitRuntimePlugin(RuntimeSetup setup) : IRuntimePlugin
{
    public const string ProviderName = "nova-conformance";

    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters, UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
        {
            e.ObjectContainer.RegisterInstanceAs<IUnitTestRuntimeProvider>(new KitRuntimeProvider(setup.UnitTestRuntime), ProviderName);
            foreach (var (type, instance) in setup.Instances.All)
                e.ObjectContainer.RegisterInstanceAs(instance, type);
        };
        runtimePluginEvents.CustomizeTestThreadDependencies += (_, e) =>
            e.ObjectContainer.RegisterInstanceAs<Reqnroll.Tracing.ITraceListener>(KitContainerBuilder.QuietTrace.Instance);
        unitTestProviderConfiguration.UseUnitTestProvider(ProviderName);
    }
}

/// <summary>
/// Tells Reqnroll which exceptions mean a skipped scenario: the kit's <see cref="ScenarioSkippedException"/> and
/// <see cref="ScenarioNotSupportedException"/>, then whatever the test framework's provider says (NUnit's
/// Assert.Ignore/Inconclusive). Pending, ignore and inconclusive go to the test framework's provider when there is one.
/// </summary>
internal sealed class KitRuntimeProvider(IUnitTestRuntimeProvider? framework) : IUnitTestRuntimeProvider
{
    public void TestPending(string message)
    {
        if (framework is null) throw new ScenarioBrokenException("Pending: " + message);
        framework.TestPending(message);
    }

    public void TestInconclusive(string message)
    {
        if (framework is null) throw new ScenarioSkippedException(message);
        framework.TestInconclusive(message);
    }

    public void TestIgnore(string message)
    {
        if (framework is null) throw new ScenarioSkippedException(message);
        framework.TestIgnore(message);
    }

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) => exception switch
    {
        ScenarioSkippedException or ScenarioNotSupportedException => ScenarioExecutionStatus.Skipped,
        _ => framework?.DetectExecutionStatus(exception),
    };
}
