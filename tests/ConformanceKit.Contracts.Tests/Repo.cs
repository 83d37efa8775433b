using ConformanceKit.Contracts.Derivation;
using ConformanceKit.Contracts.Samples;
using ConformanceKit.Contracts.Validation;

namespace ConformanceKit.Contracts.Tests;

/// <summary>Paths of the repository the tests run in, found by walking up to ConformanceKit.sln.</summary>
internal static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConformanceKit.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"ConformanceKit.sln not found above {TestContext.CurrentContext.TestDirectory}");
    });

    public static string Root => RootPath.Value;
    public static string Samples => Path.Combine(Root, "samples");
    public static string Schemas => Path.Combine(Root, "schemas");
    public static string RefinementsDir => Path.Combine(Root, "src", "ConformanceKit.Contracts", "Refinements");

    /// <summary>Debian's python3-nova 26.2.2, when installed on this machine.</summary>
    public const string InstalledNova = "/usr/lib/python3/dist-packages/nova";

    private static readonly Lazy<SampleSet> SampleSetLazy = new(() => SampleSet.Load(Samples));
    private static readonly Lazy<Refinements> RefinementsLazy = new(Refinements.LoadEmbedded);
    private static readonly Lazy<DerivationResult> DerivationLazy = new(() => SchemaDeriver.Derive(SampleSet, Refinements));
    private static readonly Lazy<SchemaRegistry> RegistryLazy = new(() => SchemaRegistry.Load(Schemas));

    public static SampleSet SampleSet => SampleSetLazy.Value;
    public static Refinements Refinements => RefinementsLazy.Value;
    public static DerivationResult Derivation => DerivationLazy.Value;
    /// <summary>The committed schemas/ folder.</summary>
    public static SchemaRegistry Registry => RegistryLazy.Value;

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ck-contracts-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
