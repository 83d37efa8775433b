namespace ConformanceKit.Gherkin.Tests.Support;

/// <summary>What the bindings under test did, in order; registered as a run-wide instance so bindings receive it by injection.</summary>
public sealed class Journal
{
    private readonly List<string> entries = [];

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (entries)
            {
                return entries.ToList();
            }
        }
    }

    public void Add(string entry)
    {
        lock (entries)
        {
            entries.Add(entry);
        }
    }
}
