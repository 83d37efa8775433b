using System.Text;

namespace ConformanceKit.Gherkin.Parsing;

/// <summary>Stable scenario ids: from an <c>@id:XYZ</c> tag, or generated from the feature file and scenario name.</summary>
internal static class ScenarioIdentity
{
    public const string TagPrefix = "@id:";

    /// <summary>The id from the innermost <c>@id:</c> tag (an Examples block's before its scenario's), or null.</summary>
    public static string? FromTags(IEnumerable<string> scenarioTags, IEnumerable<string> examplesTags)
    {
        static string? Last(IEnumerable<string> tags) => tags
            .Where(t => t.StartsWith(TagPrefix, StringComparison.Ordinal) && t.Length > TagPrefix.Length)
            .Select(t => t[TagPrefix.Length..])
            .LastOrDefault();

        return Last(examplesTags) ?? Last(scenarioTags);
    }

    /// <summary>"dir/file/scenario-name" in lower case, from the relative feature path (without extension) and the scenario name.</summary>
    public static string Generate(string relativeFeatureFile, string scenarioName)
    {
        var path = relativeFeatureFile.EndsWith(".feature", StringComparison.OrdinalIgnoreCase)
            ? relativeFeatureFile[..^".feature".Length]
            : relativeFeatureFile;
        var segments = path.Split('/').Select(Slug).Append(Slug(scenarioName)).Where(s => s.Length > 0);
        return string.Join('/', segments);
    }

    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
