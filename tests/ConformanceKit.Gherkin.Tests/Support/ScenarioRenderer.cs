using System.Text;

namespace ConformanceKit.Gherkin.Tests.Support;

/// <summary>Writes compiled scenarios as text, the format of the Golden/*.expected.txt files.</summary>
internal static class ScenarioRenderer
{
    public static string Render(IEnumerable<ScenarioCase> scenarios)
    {
        var text = new StringBuilder();
        foreach (var scenario in scenarios)
        {
            text.Append("scenario: ").AppendLine(scenario.DisplayName);
            text.Append("  id: ").Append(scenario.Id).AppendLine(scenario.HasExplicitId ? " (from tag)" : " (generated)");
            text.Append("  feature: ").AppendLine(scenario.Feature);
            text.Append("  rule: ").AppendLine(scenario.Rule ?? "-");
            text.Append("  name: ").AppendLine(scenario.Scenario);
            text.Append("  example: ").AppendLine(scenario.ExampleRow ?? "-");
            text.Append("  values: ").AppendLine(OrDash(string.Join(", ", scenario.ExampleValues.Select(v => $"{v.Key}=<{v.Value}>"))));
            text.Append("  location: ").Append(scenario.FeatureFile).Append(':').Append(scenario.Line).AppendLine();
            text.Append("  tags: ").AppendLine(OrDash(string.Join(" ", scenario.Tags)));
            text.AppendLine("  steps:");
            foreach (var step in scenario.Steps)
            {
                text.Append("    ").Append(step.Line).Append(": ").Append(step.Keyword).Append(" [").Append(step.KeywordType).Append("] ").AppendLine(step.Text);
                var rows = step.DataTable is { } table ? new[] { table.Header.ToList() }.Concat(table.Rows.Select(r => r.Values.ToList())) : [];
                foreach (var row in rows)
                {
                    text.Append("      |").AppendJoin("|", row.Select(cell => $"<{cell.Replace("\n", "⏎", StringComparison.Ordinal)}>")).AppendLine("|");
                }

                if (step.DocString is { } doc)
                {
                    text.Append("      \"\"\"").AppendLine(doc.MediaType ?? string.Empty);
                    foreach (var line in doc.Content.Split('\n'))
                    {
                        text.Append("      ").AppendLine(line);
                    }

                    text.AppendLine("      \"\"\"");
                }
            }
        }

        return text.ToString();
    }

    private static string OrDash(string text) => text.Length == 0 ? "-" : text;
}
