using System.Text;

namespace NetnsBdd.Support.Bdd;

/// <summary>A Gherkin data table: the first row is the header (Reqnroll's <c>Table</c>).</summary>
public sealed class Table
{
    private readonly List<TableRow> _rows = new();

    public Table(params string[] header)
    {
        if (header.Length == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(header));
        }

        Header = header.ToArray();
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<TableRow> Rows => _rows;

    public int RowCount => _rows.Count;

    public void AddRow(params string[] cells)
    {
        if (cells.Length != Header.Count)
        {
            throw new ArgumentException($"A row has {cells.Length} cells but the table has {Header.Count} columns ({string.Join(", ", Header)}).", nameof(cells));
        }

        _rows.Add(new TableRow(this, cells));
    }

    public bool ContainsColumn(string column) => IndexOf(column) >= 0;

    /// <summary>The column index by header, ignoring case (or -1).</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i].Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Header).AppendLine(" |");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Values).AppendLine(" |");
        }

        return text.ToString();
    }
}
