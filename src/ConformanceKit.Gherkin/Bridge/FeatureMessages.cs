using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.RuntimeSupport;

namespace ConformanceKit.Gherkin.Bridge;

/// <summary>
/// The Cucumber messages of one feature file (source, Gherkin document, pickles), given to Reqnroll's runtime with the
/// feature's <see cref="Reqnroll.FeatureInfo"/>. Reqnroll's generator embeds these as a resource of the generated test
/// class; the bridge compiles them from the feature file at discovery instead.
/// </summary>
internal sealed class FeatureMessages(FeatureDocument document) : IFeatureLevelCucumberMessages
{
    public bool HasMessages => document.Pickles.Count > 0;
    public GherkinDocument GherkinDocument => document.GherkinDocument;
    public IEnumerable<Pickle> Pickles => document.Pickles;
    public Source Source => document.Source;
}
