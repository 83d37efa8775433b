namespace ConformanceKit.Tests;

/// <summary>The folder holding ConformanceKit.sln, found from the test assembly upwards.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConformanceKit.sln"))) return dir.FullName;
        throw new InvalidOperationException("ConformanceKit.sln was not found above " + AppContext.BaseDirectory);
    }
}
