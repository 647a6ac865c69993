using System.Collections;

namespace NetnsBdd.Support.Bdd;

/// <summary>One body row of a <see cref="Table"/>; cells by header (case-insensitive) or by index.</summary>
public sealed class TableRow : IReadOnlyDictionary<string, string>
{
    private readonly Table _table;
    private readonly string[] _cells;

    internal TableRow(Table table, string[] cells)
    {
        _table = table;
        _cells = cells.ToArray();
    }

    public string this[int index] => _cells[index];

    public string this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"The table has no column '{key}'; its columns are: {string.Join(", ", _table.Header)}.");

    public IEnumerable<string> Keys => _table.Header;

    public IEnumerable<string> Values => _cells;

    public int Count => _cells.Length;

    public bool ContainsKey(string key) => _table.IndexOf(key) >= 0;

    public bool TryGetValue(string key, out string value)
    {
        var index = _table.IndexOf(key);
        value = index >= 0 ? _cells[index] : null!;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        _table.Header.Select((h, i) => new KeyValuePair<string, string>(h, _cells[i])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
