namespace ConformanceKit.Gherkin;

/// <summary>
/// The table under a step: the first row is the <see cref="Header"/>, the others are <see cref="Rows"/>.
/// A step method receives it as its last parameter.
/// </summary>
public sealed class DataTable
{
    public DataTable(IReadOnlyList<IReadOnlyList<string>> allRows)
    {
        ArgumentNullException.ThrowIfNull(allRows);
        if (allRows.Count == 0)
        {
            throw new ArgumentException("A data table has at least one row.", nameof(allRows));
        }

        AllRows = allRows;
        Rows = allRows.Skip(1).ToList();
    }

    /// <summary>Every row, header included.</summary>
    public IReadOnlyList<IReadOnlyList<string>> AllRows { get; }

    /// <summary>The first row.</summary>
    public IReadOnlyList<string> Header => AllRows[0];

    /// <summary>The rows after the header.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>Each row after the header as a dictionary from column name to cell.</summary>
    /// <exception cref="InvalidOperationException">Two columns have the same name.</exception>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> RowsAsDictionaries()
    {
        var duplicate = Header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"The table has two columns named '{duplicate.Key}'; give each column its own name.");
        }

        return Rows
            .Select(row => (IReadOnlyDictionary<string, string>)Header
                .Select((name, i) => (name, value: row[i]))
                .ToDictionary(c => c.name, c => c.value, StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>A two-column table read as key | value on every row (no header).</summary>
    /// <exception cref="InvalidOperationException">The table does not have exactly two columns, or a key repeats.</exception>
    public IReadOnlyDictionary<string, string> AsKeyValues()
    {
        if (Header.Count != 2)
        {
            throw new InvalidOperationException($"A key/value table has two columns; this one has {Header.Count}.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in AllRows)
        {
            if (!result.TryAdd(row[0], row[1]))
            {
                throw new InvalidOperationException($"The key '{row[0]}' appears twice in the table.");
            }
        }

        return result;
    }

    public override string ToString() =>
        string.Join(Environment.NewLine, AllRows.Select(r => "| " + string.Join(" | ", r) + " |"));
}
