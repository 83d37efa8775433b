using System.Diagnostics.CodeAnalysis;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Gherkin;

/// <summary>
/// The runner's view of the running scenario, injectable into binding constructors and hooks.
/// Attachments made while a step runs (its step hooks included) belong to that step; others to the scenario.
/// </summary>
public sealed class ScenarioContext
{
    private readonly object gate = new();
    private readonly List<Attachment> scenarioAttachments = [];
    private readonly List<Attachment> stepAttachments = [];
    private readonly Dictionary<string, string> parameters = new(StringComparer.Ordinal);

    public ScenarioContext(ScenarioCase scenario, CancellationToken cancellationToken = default)
    {
        Scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
        CancellationToken = cancellationToken;
    }

    public ScenarioCase Scenario { get; }

    public IReadOnlyList<string> Tags => Scenario.Tags;

    /// <summary>The step running now (during its step hooks too), or null before the first and after the last step.</summary>
    public ScenarioStep? CurrentStep { get; private set; }

    /// <summary>The index of <see cref="CurrentStep"/> in <see cref="ScenarioCase.Steps"/>, or -1.</summary>
    public int CurrentStepIndex { get; private set; } = -1;

    /// <summary>Cancelled when the run is aborted; pass it to I/O.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The parameters added so far (e.g. microversion, role).</summary>
    public IReadOnlyDictionary<string, string> Parameters
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, string>(parameters, StringComparer.Ordinal);
            }
        }
    }

    public bool HasTag(string tag) => Scenario.HasTag(tag);

    /// <summary>Keeps a file with the result: of the current step while one runs, otherwise of the scenario.</summary>
    public void Attach(string name, string mediaType, string content)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentNullException.ThrowIfNull(content);
        lock (gate)
        {
            (CurrentStep is null ? scenarioAttachments : stepAttachments).Add(new Attachment(name, mediaType, content));
        }
    }

    /// <summary>Records a parameter of the scenario's result; a second value for the same name replaces the first.</summary>
    public void AddParameter(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            parameters[name] = value;
        }
    }

    /// <summary>Ends the scenario as Skipped with this reason (throws <see cref="ScenarioSkippedException"/>).</summary>
    [DoesNotReturn]
    public void Skip(string reason) => throw new ScenarioSkippedException(reason);

    internal IReadOnlyList<Attachment> ScenarioAttachments
    {
        get
        {
            lock (gate)
            {
                return scenarioAttachments.ToList();
            }
        }
    }

    internal void BeginStep(ScenarioStep step, int index)
    {
        lock (gate)
        {
            CurrentStep = step;
            CurrentStepIndex = index;
            stepAttachments.Clear();
        }
    }

    /// <summary>Clears the current step and returns the attachments made during it.</summary>
    internal IReadOnlyList<Attachment> EndStep()
    {
        lock (gate)
        {
            CurrentStep = null;
            CurrentStepIndex = -1;
            var attachments = stepAttachments.ToList();
            stepAttachments.Clear();
            return attachments;
        }
    }
}
