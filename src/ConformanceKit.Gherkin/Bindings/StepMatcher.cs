using ConformanceKit.Gherkin.Expressions;

namespace ConformanceKit.Gherkin.Bindings;

/// <summary>
/// Finds the one step definition whose expression matches a step's whole text (among definitions of the step's
/// keyword type) and converts the captured values and the table or doc string into the method's arguments.
/// </summary>
internal sealed class StepMatcher(IReadOnlyList<StepDefinition> definitions, IReadOnlyList<ParameterType> customTypes)
{
    public StepMatch Match(ScenarioStep step)
    {
        var candidates = definitions
            .Select(d => (Definition: d, Captures: d.CompiledExpression.Match(step.Text)))
            .Where(c => c.Captures is not null)
            .ToList();
        var matches = candidates
            .Where(c => c.Definition.Keyword == step.KeywordType)
            .DistinctBy(c => c.Definition.Method)
            .ToList();

        return matches.Count switch
        {
            0 => Undefined(step, candidates.Select(c => c.Definition).ToList()),
            1 => Bind(step, matches[0].Definition, matches[0].Captures!),
            _ => new StepMatch(
                StepMatchStatus.Ambiguous,
                null,
                [],
                $"ambiguous step '{step.KeywordType} {step.Text}': {matches.Count} step definitions match it: "
                    + string.Join(", ", matches.Select(m => $"{m.Definition.MethodName} (\"{m.Definition.Expression}\")")),
                "Make the expressions more specific, or remove one, so that exactly one matches."),
        };
    }

    private StepMatch Undefined(ScenarioStep step, IReadOnlyList<StepDefinition> otherKeywords)
    {
        var problem = $"undefined step '{step.KeywordType} {step.Text}'";
        if (otherKeywords.Count > 0)
        {
            var other = otherKeywords[0];
            problem += $"; {other.MethodName} matches this text but is a [{other.Keyword}] step: change the step's keyword or add [{step.KeywordType}(\"{other.Expression}\")] to it";
        }

        return new StepMatch(StepMatchStatus.Undefined, null, [], problem, SnippetGenerator.Suggest(step, customTypes));
    }

    private static StepMatch Bind(ScenarioStep step, StepDefinition definition, IReadOnlyList<string?> captures)
    {
        var parameters = definition.Method.GetParameters();
        var arguments = new List<object?>();
        for (var i = 0; i < captures.Count; i++)
        {
            try
            {
                arguments.Add(definition.CompiledExpression.Convert(i, captures[i], parameters[i].ParameterType));
            }
            catch (FormatException e)
            {
                return Invalid(step, definition, e.Message);
            }
        }

        var argumentProblem = (definition.ArgumentKind, step.DataTable, step.DocString) switch
        {
            (StepArgumentKind.None, not null, _) => "the step has a data table but the method takes no DataTable parameter",
            (StepArgumentKind.None, _, not null) => "the step has a doc string but the method takes no string parameter for it",
            (StepArgumentKind.DataTable, null, _) => "the method takes a DataTable but the step has no table under it",
            (StepArgumentKind.DocString, _, null) => "the method takes a doc string but the step has no \"\"\" block under it",
            _ => null,
        };
        if (argumentProblem is not null)
        {
            return Invalid(step, definition, argumentProblem);
        }

        if (definition.ArgumentKind == StepArgumentKind.DataTable)
        {
            arguments.Add(step.DataTable);
        }
        else if (definition.ArgumentKind == StepArgumentKind.DocString)
        {
            arguments.Add(step.DocString!.Content);
        }

        return new StepMatch(StepMatchStatus.Matched, definition, arguments.ToArray(), null, null);
    }

    private static StepMatch Invalid(ScenarioStep step, StepDefinition definition, string reason) =>
        new(
            StepMatchStatus.InvalidArgument,
            definition,
            [],
            $"step '{step.KeywordType} {step.Text}' matches {definition.MethodName} (\"{definition.Expression}\") but {reason}",
            null);
}
