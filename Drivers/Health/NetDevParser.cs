namespace NetnsBdd.Drivers.Health;

/// <summary>Parses the <c>/proc/net/dev</c> format: two header lines, then <c>iface: 8 rx counters 8 tx counters</c>.</summary>
public static class NetDevParser
{
    private const int CountersPerLine = 16;
    private const int TxBytesField = 8;

    /// <summary>Counters of the named interfaces, in the order asked for.</summary>
    public static IReadOnlyList<InterfaceCounters> Parse(string content, string path, IReadOnlyList<string> interfaces)
    {
        var found = new InterfaceCounters?[interfaces.Count];
        var lineNumber = 0;
        foreach (var line in content.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (lineNumber <= 2)
            {
                CheckHeader(line, lineNumber, path);
                continue;
            }

            if (line.IsWhiteSpace())
            {
                continue;
            }

            // Large counters can touch the colon ("eth0:123456"), so split on it, not on spaces.
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                throw new HostFileFormatException(path, lineNumber, "'<interface>: <16 counters>'", line.ToString());
            }

            var name = line[..colon].Trim();
            var index = IndexOf(interfaces, name);
            if (index < 0)
            {
                continue;
            }

            found[index] = ParseCounters(line[(colon + 1)..], interfaces[index], path, lineNumber, line);
        }

        if (lineNumber < 2)
        {
            throw new HostFileFormatException(path, lineNumber, "two header lines", "end of file");
        }

        var result = new InterfaceCounters[interfaces.Count];
        for (var i = 0; i < found.Length; i++)
        {
            result[i] = found[i] ?? throw new HostFileFormatException(
                path, 0, $"a line for interface '{interfaces[i]}'", $"only {ListInterfaces(content)}");
        }

        return result;
    }

    private static InterfaceCounters ParseCounters(ReadOnlySpan<char> rest, string name, string path, int lineNumber, ReadOnlySpan<char> line)
    {
        var fields = new FieldReader(rest);
        long rx = 0;
        long tx = 0;
        var count = 0;
        while (fields.TryNext(out var field))
        {
            if (!FieldReader.TryParseCounter(field, out var value))
            {
                throw new HostFileFormatException(path, lineNumber, $"a non-negative integer counter {count + 1} for '{name}'", field.ToString());
            }

            if (count == 0)
            {
                rx = value;
            }
            else if (count == TxBytesField)
            {
                tx = value;
            }

            count++;
        }

        if (count != CountersPerLine)
        {
            throw new HostFileFormatException(path, lineNumber, $"{CountersPerLine} counters for '{name}'", line.ToString());
        }

        return new InterfaceCounters(name, rx, tx);
    }

    private static void CheckHeader(ReadOnlySpan<char> line, int lineNumber, string path)
    {
        var expected = lineNumber == 1 ? "Inter-|" : " face |";
        if (!line.StartsWith(expected))
        {
            throw new HostFileFormatException(path, lineNumber, $"the net/dev header starting '{expected}'", line.ToString());
        }
    }

    private static int IndexOf(IReadOnlyList<string> interfaces, ReadOnlySpan<char> name)
    {
        for (var i = 0; i < interfaces.Count; i++)
        {
            if (name.SequenceEqual(interfaces[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // Only on the error path, so allocation does not matter here.
    private static string ListInterfaces(string content)
    {
        var names = content.Split('\n')
            .Skip(2)
            .Select(l => l.Split(':', 2)[0].Trim())
            .Where(n => n.Length > 0);
        var joined = string.Join(", ", names);
        return joined.Length == 0 ? "no interfaces" : joined;
    }
}
