using ConformanceKit.Client.Http;
using ConformanceKit.Gherkin;
using Reqnroll;

namespace ConformanceKit.Steps.Support;

/// <summary>Turns a scenario's exchanges into report attachments: one per exchange, and a curl reproducer of the checked one.</summary>
public sealed class ExchangeAttachments(ScenarioContext context)
{
    public void Attach(IReadOnlyList<Exchange> exchanges, Exchange? checkedExchange)
    {
        var n = 0;
        foreach (var e in exchanges)
        {
            n++;
            context.Attach($"{n:00} {e.Method} {e.Url.AbsolutePath} → {e.Status?.ToString() ?? "no answer"}", "text/plain", e.ToHttpText());
        }
        if (checkedExchange is not null)
            context.Attach("curl reproducer of the checked request", "text/x-shellscript", checkedExchange.ToCurl());
    }
}
