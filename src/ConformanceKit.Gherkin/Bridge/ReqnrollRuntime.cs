using System.Globalization;
using System.Reflection;
using Reqnroll;
using Reqnroll.Bindings;
using Reqnroll.BindingSkeletons;
using Reqnroll.Configuration;
using Reqnroll.Infrastructure;

namespace ConformanceKit.Gherkin.Bridge;

/// <summary>
/// One Reqnroll runtime: a global container built for the binding assembly, its test runner manager and binding
/// registry. The bridge makes one per run (and one for discovery), so runs in one process never share objects.
/// Disposing it ends the features and the test run, which is when Reqnroll's formatters write their files.
/// </summary>
internal sealed class ReqnrollRuntime : IAsyncDisposable
{
    private readonly ITestRunnerManager manager;
    private readonly ITestRunner firstRunner;
    private int disposed;

    private ReqnrollRuntime(Reqnroll.BoDi.IObjectContainer global, ITestRunnerManager manager, ITestRunner firstRunner)
    {
        Global = global;
        this.manager = manager;
        this.firstRunner = firstRunner;
        Configuration = global.Resolve<ReqnrollConfiguration>();
        Bindings = global.Resolve<IBindingRegistry>();
        Matcher = firstRunner.TestThreadContext.TestThreadContainer.Resolve<IStepDefinitionMatchService>();
        Skeletons = global.Resolve<IStepDefinitionSkeletonProvider>();
    }

    public Reqnroll.BoDi.IObjectContainer Global { get; }
    public ReqnrollConfiguration Configuration { get; }
    public IBindingRegistry Bindings { get; }
    public IStepDefinitionMatchService Matcher { get; }
    public IStepDefinitionSkeletonProvider Skeletons { get; }
    public CultureInfo BindingCulture => Configuration.BindingCulture ?? Configuration.FeatureLanguage;

    /// <summary>Builds the container and the binding registry (Reqnroll builds it when the first test runner is made).</summary>
    public static ReqnrollRuntime Create(Assembly bindingAssembly, RuntimeSetup setup)
    {
        var global = new KitContainerBuilder(setup).CreateGlobalContainer(bindingAssembly);
        var manager = global.Resolve<ITestRunnerManager>();
        manager.Initialize(bindingAssembly);
        var runner = manager.GetTestRunner();
        manager.ReleaseTestRunnerToPool(runner);
        return new ReqnrollRuntime(global, manager, runner);
    }

    /// <summary>Fires Reqnroll's test-run start ([BeforeTestRun] hooks; the formatters open their run).</summary>
    public Task StartTestRunAsync() => manager.FireTestRunStartAsync();

    /// <summary>A free test runner, preferably one that ran this feature last.</summary>
    public ITestRunner Acquire(FeatureInfo feature) => manager.GetTestRunner(feature);

    public void Release(ITestRunner runner) => manager.ReleaseTestRunnerToPool(runner);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0) await manager.DisposeAsync().ConfigureAwait(false);
    }

    internal ITestRunner FirstRunner => firstRunner;
}
