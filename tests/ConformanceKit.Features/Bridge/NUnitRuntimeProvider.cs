using NUnit.Framework;
using Reqnroll;
using Reqnroll.UnitTestProvider;

namespace ConformanceKit.Features.Bridge;

/// <summary>
/// What Reqnroll.NUnit's runtime plugin provides, for the bridge: Reqnroll's pending, ignored and inconclusive
/// scenarios become NUnit's Inconclusive and Ignore results, and NUnit's own Assert.Ignore/Inconclusive thrown from a
/// binding are a skipped scenario to Reqnroll, not an error.
/// </summary>
public sealed class NUnitRuntimeProvider : IUnitTestRuntimeProvider
{
    public void TestPending(string message) => TestInconclusive(message);

    public void TestInconclusive(string message) => Assert.Inconclusive(message);

    public void TestIgnore(string message) => Assert.Ignore(message);

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) =>
        exception is InconclusiveException or IgnoreException ? ScenarioExecutionStatus.Skipped : null;
}
