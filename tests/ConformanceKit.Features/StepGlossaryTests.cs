using ConformanceKit.Cli.Commands;
using NUnit.Framework;

namespace ConformanceKit.Features;

/// <summary>features/README.md's step glossary is what the bindings define (`nova-conformance steps`).</summary>
[TestFixture]
public class StepGlossaryTests
{
    [Test]
    public void The_readme_glossary_lists_every_binding_and_parameter_type()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Find(), "features", "README.md"));
        const string begin = "<!-- glossary:begin -->\n", end = "<!-- glossary:end -->";
        var from = readme.IndexOf(begin, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.That(from, Is.GreaterThanOrEqualTo(0).And.LessThan(to), "features/README.md has no glossary markers");
        var glossary = readme[(from + begin.Length)..to];
        Assert.That(glossary, Is.EqualTo(StepsCommand.Markdown()),
            "features/README.md's step glossary differs from the bindings: paste the output of 'nova-conformance steps' between the markers.");
    }
}
