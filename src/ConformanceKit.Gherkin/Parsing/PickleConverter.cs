using Io.Cucumber.Messages.Types;

namespace ConformanceKit.Gherkin.Parsing;

/// <summary>Turns a compiled pickle into a <see cref="ScenarioCase"/>, looking up names, lines and examples in the AST.</summary>
internal sealed class PickleConverter(FeatureDocument document, GherkinDocumentIndex index)
{
    public ParsedScenario Convert(Pickle pickle, int pickleIndex)
    {
        var (scenario, rule) = index.Scenario(pickle.AstNodeIds[0]);
        var exampleRow = pickle.AstNodeIds.Count > 1 ? index.ExampleRow(pickle.AstNodeIds[^1]) : null;

        var values = exampleRow is { } row
            ? row.Examples.TableHeader.Cells.Zip(row.Row.Cells, (h, v) => new KeyValuePair<string, string>(h.Value, v.Value)).ToList()
            : [];
        var rowText = exampleRow is null ? null : "[" + string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")) + "]";

        var explicitId = ScenarioIdentity.FromTags(
            scenario.Tags.Select(t => t.Name),
            exampleRow?.Examples.Tags.Select(t => t.Name) ?? []);
        var id = (explicitId ?? ScenarioIdentity.Generate(document.RelativeFile, scenario.Name)) + (rowText ?? string.Empty);

        var scenarioCase = new ScenarioCase
        {
            Id = id,
            HasExplicitId = explicitId is not null,
            Feature = document.Feature.Name,
            Rule = rule?.Name,
            Scenario = pickle.Name,
            ExampleRow = rowText,
            ExampleValues = values,
            Tags = pickle.Tags.Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList(),
            FeatureFile = document.RelativeFile,
            Line = (int)(exampleRow?.Row.Location.Line ?? scenario.Location.Line),
            Steps = ConvertSteps(pickle.Steps),
            Document = document,
            PickleIndex = pickleIndex,
            RuleDescription = rule?.Description,
            RuleTags = rule?.Tags.Select(t => t.Name).ToList() ?? [],
            OwnTags = scenario.Tags.Concat(exampleRow?.Examples.Tags ?? []).Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList(),
        };
        return new ParsedScenario(scenarioCase, (int)scenario.Location.Line);
    }

    private List<ScenarioStep> ConvertSteps(IEnumerable<PickleStep> pickleSteps)
    {
        var steps = new List<ScenarioStep>();
        StepKeyword? previous = null;
        foreach (var pickleStep in pickleSteps)
        {
            var astStep = index.Step(pickleStep.AstNodeIds[0]);
            StepKeyword keyword = pickleStep.Type switch
            {
                PickleStepType.CONTEXT => StepKeyword.Given,
                PickleStepType.ACTION => StepKeyword.When,
                PickleStepType.OUTCOME => StepKeyword.Then,
                _ => previous ?? StepKeyword.Given,
            };
            previous = keyword;
            steps.Add(new ScenarioStep(
                keyword,
                astStep.Keyword.Trim(),
                pickleStep.Text,
                (int)astStep.Location.Line,
                ConvertTable(pickleStep.Argument?.DataTable),
                ConvertDocString(pickleStep.Argument?.DocString)));
        }

        return steps;
    }

    private static Reqnroll.DataTable? ConvertTable(PickleTable? table)
    {
        if (table is null || table.Rows.Count == 0) return null;
        var result = new Reqnroll.DataTable(table.Rows[0].Cells.Select(c => c.Value).ToArray());
        foreach (var row in table.Rows.Skip(1)) result.AddRow(row.Cells.Select(c => c.Value).ToArray());
        return result;
    }

    private static DocString? ConvertDocString(PickleDocString? docString) =>
        docString is null ? null : new DocString(docString.Content, string.IsNullOrEmpty(docString.MediaType) ? null : docString.MediaType);
}
