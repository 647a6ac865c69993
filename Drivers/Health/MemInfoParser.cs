namespace NetnsBdd.Drivers.Health;

/// <summary>Parses MemTotal and MemAvailable out of <c>/proc/meminfo</c>.</summary>
public static class MemInfoParser
{
    private const long BytesPerKilobyte = 1024;

    public static MemoryReading Parse(string content, string path)
    {
        long? total = null;
        long? available = null;
        var lineNumber = 0;
        foreach (var line in content.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.StartsWith("MemTotal:"))
            {
                total = ParseKilobytes(line, "MemTotal:".Length, path, lineNumber);
            }
            else if (line.StartsWith("MemAvailable:"))
            {
                available = ParseKilobytes(line, "MemAvailable:".Length, path, lineNumber);
            }

            if (total is not null && available is not null)
            {
                return new MemoryReading(total.Value, available.Value);
            }
        }

        // MemAvailable exists since Linux 3.14; its absence means a broken or foreign file, and
        // guessing from MemFree would under-report free RAM badly.
        var missing = total is null ? "MemTotal:" : "MemAvailable:";
        var lines = content.EndsWith('\n') ? lineNumber - 1 : lineNumber;
        throw new HostFileFormatException(path, 0, $"a '{missing}' line", $"no such line in {lines} lines");
    }

    private static long ParseKilobytes(ReadOnlySpan<char> line, int labelLength, string path, int lineNumber)
    {
        var fields = new FieldReader(line[labelLength..]);
        if (!fields.TryNext(out var number) || !FieldReader.TryParseCounter(number, out var value))
        {
            throw new HostFileFormatException(path, lineNumber, "a whole number of kB", line.ToString());
        }

        if (!fields.TryNext(out var unit) || !unit.SequenceEqual("kB"))
        {
            throw new HostFileFormatException(path, lineNumber, "the unit 'kB'", line.ToString());
        }

        return value * BytesPerKilobyte;
    }
}
