using Io.Cucumber.Messages.Types;

namespace ConformanceKit.Gherkin;

/// <summary>
/// A parsed feature file as Cucumber messages: its source, its Gherkin document and its pickles (the compiled scenarios).
/// This is what Reqnroll's generator would embed in a generated test class; the bridge hands it to Reqnroll's runtime so
/// its formatters (Cucumber Messages, HTML report) can describe the run.
/// </summary>
/// <param name="RelativeFile">The feature file, relative to the features directory, with '/' separators.</param>
public sealed record FeatureDocument(string RelativeFile, Source Source, GherkinDocument GherkinDocument, IReadOnlyList<Pickle> Pickles)
{
    public Feature Feature => GherkinDocument.Feature;

    /// <summary>The folder of the feature file inside the features directory ("" at its top).</summary>
    public string Folder => RelativeFile.Contains('/') ? RelativeFile[..RelativeFile.LastIndexOf('/')] : string.Empty;
}
