using Io.Cucumber.Messages.Types;

namespace ConformanceKit.Gherkin.Parsing;

/// <summary>Finds the AST nodes a pickle points to (scenarios with their rule, steps, example rows with their Examples block).</summary>
internal sealed class GherkinDocumentIndex
{
    private readonly Dictionary<string, (Scenario Scenario, Rule? Rule)> scenarios = [];
    private readonly Dictionary<string, Step> steps = [];
    private readonly Dictionary<string, (Examples Examples, TableRow Row)> rows = [];

    public GherkinDocumentIndex(Feature feature)
    {
        foreach (var child in feature.Children)
        {
            AddBackground(child.Background);
            AddScenario(child.Scenario, null);
            if (child.Rule is { } rule)
            {
                foreach (var ruleChild in rule.Children)
                {
                    AddBackground(ruleChild.Background);
                    AddScenario(ruleChild.Scenario, rule);
                }
            }
        }
    }

    public (Scenario Scenario, Rule? Rule) Scenario(string id) => scenarios[id];

    public Step Step(string id) => steps[id];

    public (Examples Examples, TableRow Row)? ExampleRow(string id) => rows.TryGetValue(id, out var row) ? row : null;

    private void AddBackground(Background? background)
    {
        foreach (var step in background?.Steps ?? [])
        {
            steps[step.Id] = step;
        }
    }

    private void AddScenario(Scenario? scenario, Rule? rule)
    {
        if (scenario is null)
        {
            return;
        }

        scenarios[scenario.Id] = (scenario, rule);
        foreach (var step in scenario.Steps)
        {
            steps[step.Id] = step;
        }

        foreach (var examples in scenario.Examples)
        {
            foreach (var row in examples.TableBody)
            {
                rows[row.Id] = (examples, row);
            }
        }
    }
}
