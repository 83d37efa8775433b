using FluentAssertions;

namespace ConformanceKit.Gherkin.Tests;

public sealed class DataTableTests
{
    private static DataTable Table(params string[][] rows) => new(rows);

    [Test]
    public void Header_and_rows_are_split()
    {
        var table = Table(["name", "status"], ["web-1", "ACTIVE"], ["db-1", "PAUSED"]);

        table.Header.Should().Equal("name", "status");
        table.Rows.Should().HaveCount(2);
        table.Rows[1].Should().Equal("db-1", "PAUSED");
        table.AllRows.Should().HaveCount(3);
    }

    [Test]
    public void Rows_read_as_dictionaries_by_column_name()
    {
        var rows = Table(["name", "status"], ["web-1", "ACTIVE"], ["db-1", "PAUSED"]).RowsAsDictionaries();

        rows.Select(r => r["status"]).Should().Equal("ACTIVE", "PAUSED");
        rows[0]["name"].Should().Be("web-1");
    }

    [Test]
    public void Two_column_table_reads_as_key_values()
    {
        var values = Table(["reason", "test"], ["force", "true"]).AsKeyValues();

        values.Should().Equal(new Dictionary<string, string> { ["reason"] = "test", ["force"] = "true" });
    }

    [Test]
    public void Ambiguous_shapes_are_refused_with_a_reason()
    {
        var duplicateColumn = () => Table(["a", "a"], ["1", "2"]).RowsAsDictionaries();
        duplicateColumn.Should().Throw<InvalidOperationException>().WithMessage("The table has two columns named 'a'; give each column its own name.");

        var threeColumns = () => Table(["a", "b", "c"]).AsKeyValues();
        threeColumns.Should().Throw<InvalidOperationException>().WithMessage("A key/value table has two columns; this one has 3.");

        var repeatedKey = () => Table(["k", "1"], ["k", "2"]).AsKeyValues();
        repeatedKey.Should().Throw<InvalidOperationException>().WithMessage("The key 'k' appears twice in the table.");
    }
}
