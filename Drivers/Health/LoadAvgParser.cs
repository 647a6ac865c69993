using System.Globalization;

namespace NetnsBdd.Drivers.Health;

/// <summary>Parses <c>/proc/loadavg</c>, e.g. <c>0.52 0.58 0.59 1/389 12345</c>.</summary>
public static class LoadAvgParser
{
    public static LoadAverage Parse(string content, string path)
    {
        var line = FirstLine(content);
        var fields = new FieldReader(line);
        Span<double> values = stackalloc double[3];
        for (var i = 0; i < values.Length; i++)
        {
            if (!fields.TryNext(out var field))
            {
                throw new HostFileFormatException(path, 1, "three load averages", line.ToString());
            }

            if (!double.TryParse(field, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new HostFileFormatException(path, 1, $"a decimal load average in field {i + 1}", field.ToString());
            }
        }

        return new LoadAverage(values[0], values[1], values[2]);
    }

    internal static ReadOnlySpan<char> FirstLine(string content)
    {
        var span = content.AsSpan();
        var end = span.IndexOfAny('\r', '\n');
        return end < 0 ? span : span[..end];
    }
}
