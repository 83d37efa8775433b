using System.Runtime.CompilerServices;

namespace ConformanceKit.Gherkin.Tests.Support;

internal static class TestPaths
{
    /// <summary>The Golden directory copied next to the test assembly.</summary>
    public static string GoldenOutput => Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden");

    /// <summary>The Golden directory in the source tree (to rewrite expected files on request).</summary>
    public static string GoldenSource() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "Golden"));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
