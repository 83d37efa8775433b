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

    /// <summary>Discovers a single feature file's scenarios with exactly these binding classes.</summary>
    public static GherkinSuite Discover(string featureText, params Type[] bindingTypes) =>
        DiscoverFiles([("test.feature", featureText)], null, bindingTypes);

    public static GherkinSuite DiscoverFiles((string, string)[] files, string? tagFilter, params Type[] bindingTypes)
    {
        using var folder = new FeatureFolder(files);
        return GherkinSuite.Discover(folder.Path, BindingRegistry.FromTypes(bindingTypes), tagFilter);
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
