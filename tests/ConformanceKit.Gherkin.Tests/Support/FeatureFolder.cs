namespace ConformanceKit.Gherkin.Tests.Support;

/// <summary>A temporary features directory holding the given files; deleted on dispose.</summary>
internal sealed class FeatureFolder : IDisposable
{
    public FeatureFolder(params (string RelativePath, string Text)[] files)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ck-gherkin-tests-" + Guid.NewGuid().ToString("N"));
        foreach (var (relativePath, text) in files)
        {
            var full = System.IO.Path.Combine(Path, relativePath);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text.ReplaceLineEndings("\n"));
        }

        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>
    /// Discovers a single feature file's scenarios with the Reqnroll bindings of this test assembly. Each test's binding
    /// classes carry a [Scope(Tag = …)] that its feature has, so bindings of other tests never match.
    /// </summary>
    public static GherkinSuite Discover(string featureText, string? configurationFile = null) =>
        DiscoverFiles([("test.feature", featureText)], null, configurationFile);

    public static GherkinSuite DiscoverFiles((string, string)[] files, string? tagFilter, string? configurationFile = null)
    {
        using var folder = new FeatureFolder(files);
        return GherkinSuite.Discover(folder.Path, typeof(FeatureFolder).Assembly, tagFilter, configurationFile);
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
