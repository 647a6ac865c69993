using System.Globalization;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Walks the whitespace-separated fields of one line without allocating, so that the
/// parsers stay cheap enough to run every two seconds on a Pi under load.
/// </summary>
internal ref struct FieldReader
{
    private ReadOnlySpan<char> _rest;

    public FieldReader(ReadOnlySpan<char> line) => _rest = line;

    public bool TryNext(out ReadOnlySpan<char> field)
    {
        _rest = _rest.TrimStart();
        if (_rest.IsEmpty)
        {
            field = default;
            return false;
        }

        var end = _rest.IndexOfAny(' ', '\t');
        if (end < 0)
        {
            end = _rest.Length;
        }

        field = _rest[..end];
        _rest = _rest[end..];
        return true;
    }

    public static bool TryParseCounter(ReadOnlySpan<char> field, out long value) =>
        long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
