using System.Reflection;
using ConformanceKit.Cli.Hosting;
using Reqnroll;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// <c>nova-conformance steps</c>: the step glossary, read from the bindings themselves (ConformanceKit.Steps): every
/// Given/When/Then expression with the class that binds it, and the parameter types the expressions use.
/// features/README.md carries the same list; a test keeps the two equal.
/// </summary>
public static class StepsCommand
{
    /// <summary>One binding: keyword, expression, the class that binds it.</summary>
    public sealed record StepBinding(string Keyword, string Expression, string Class);

    public static IReadOnlyList<StepBinding> Bindings()
    {
        var assembly = typeof(ConformanceKit.Steps.Support.KitSession).Assembly;
        var list = new List<StepBinding>();
        foreach (var type in assembly.GetTypes().Where(t => t.GetCustomAttribute<BindingAttribute>() is not null))
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
        foreach (var attribute in method.GetCustomAttributes<StepDefinitionBaseAttribute>())
        {
            var keyword = attribute switch { GivenAttribute => "Given", WhenAttribute => "When", ThenAttribute => "Then", _ => "Step" };
            list.Add(new StepBinding(keyword, attribute.Expression ?? "", type.Name));
        }
        var order = new Dictionary<string, int> { ["Given"] = 0, ["When"] = 1, ["Then"] = 2, ["Step"] = 3 };
        return list.OrderBy(b => order[b.Keyword]).ThenBy(b => b.Expression, StringComparer.Ordinal).ToList();
    }

    /// <summary>The parameter types ({actor}, {action}…) and what they accept.</summary>
    public static IReadOnlyList<(string Name, string Pattern)> ParameterTypes()
    {
        var assembly = typeof(ConformanceKit.Steps.Support.KitSession).Assembly;
        return assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
            .SelectMany(m => m.GetCustomAttributes<StepArgumentTransformationAttribute>())
            .Where(a => !string.IsNullOrEmpty(a.Name))
            .Select(a => (a.Name!, a.Regex ?? ""))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The glossary as Markdown (what features/README.md holds between its glossary markers).</summary>
    public static string Markdown()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("| keyword | step | bound in |\n|---|---|---|\n");
        foreach (var b in Bindings()) sb.Append($"| {b.Keyword} | `{b.Expression.Replace("|", "\\|", StringComparison.Ordinal)}` | {b.Class} |\n");
        sb.Append("\n| parameter | accepts (regular expression) |\n|---|---|\n");
        foreach (var (name, pattern) in ParameterTypes()) sb.Append($"| `{{{name}}}` | `{pattern.Replace("|", "\\|", StringComparison.Ordinal)}` |\n");
        return sb.ToString();
    }

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count > 0) throw new UsageException($"'steps' takes no options (got '{args[0]}'). It prints the step glossary.");
        output.Write(Markdown());
        return 0;
    }
}
