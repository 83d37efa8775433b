using ConformanceKit.Core.Results;
using Reqnroll;

namespace ConformanceKit.Gherkin;

/// <summary>
/// What a scenario adds to its result besides its steps: parameters (microversion, role…) and attachments (HTTP
/// exchanges…). One per scenario, kept in Reqnroll's scenario container; bindings reach it through the
/// <see cref="ScenarioContext"/> extension methods of <see cref="ScenarioReports"/>.
/// Attachments made while a step runs (its step hooks included) belong to that step; the others to the scenario.
/// </summary>
public sealed class ScenarioReport
{
    private readonly Lock gate = new();
    private readonly List<Attachment> scenarioAttachments = [];
    private readonly List<Attachment> stepAttachments = [];
    private readonly Dictionary<string, string> parameters = new(StringComparer.Ordinal);
    private bool inStep;

    public IReadOnlyDictionary<string, string> Parameters
    {
        get { lock (gate) return new Dictionary<string, string>(parameters, StringComparer.Ordinal); }
    }

    public IReadOnlyList<Attachment> ScenarioAttachments
    {
        get { lock (gate) return scenarioAttachments.ToList(); }
    }

    public void Attach(string name, string mediaType, string content)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentNullException.ThrowIfNull(content);
        lock (gate) (inStep ? stepAttachments : scenarioAttachments).Add(new Attachment(name, mediaType, content));
    }

    /// <summary>A second value for the same name replaces the first.</summary>
    public void AddParameter(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (gate) parameters[name] = value;
    }

    internal void BeginStep()
    {
        lock (gate)
        {
            inStep = true;
            stepAttachments.Clear();
        }
    }

    internal IReadOnlyList<Attachment> EndStep()
    {
        lock (gate)
        {
            inStep = false;
            var attachments = stepAttachments.ToList();
            stepAttachments.Clear();
            return attachments;
        }
    }
}

/// <summary>The kit's additions to Reqnroll's <see cref="ScenarioContext"/>.</summary>
public static class ScenarioReports
{
    /// <summary>This scenario's <see cref="ScenarioReport"/>.</summary>
    public static ScenarioReport Report(this ScenarioContext context) => context.ScenarioContainer.Resolve<ScenarioReport>();

    /// <summary>Keeps a file with the result: of the current step while one runs, otherwise of the scenario.</summary>
    public static void Attach(this ScenarioContext context, string name, string mediaType, string content) =>
        context.Report().Attach(name, mediaType, content);

    /// <summary>Records a parameter of the scenario's result; a second value for the same name replaces the first.</summary>
    public static void AddParameter(this ScenarioContext context, string name, string value) =>
        context.Report().AddParameter(name, value);

    /// <summary>Ends the scenario as Skipped with this reason.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Skip(this ScenarioContext context, string reason) => throw new ScenarioSkippedException(reason);
}
