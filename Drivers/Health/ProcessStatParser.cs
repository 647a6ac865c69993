using System.Globalization;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Parses <c>/proc/&lt;pid&gt;/stat</c>, e.g. <c>8771 (cat) R 8765 ... 0 0 0 0 20 0 1 0 28604 3133440 389 ...</c>
/// (proc(5): field 4 ppid, 14-17 utime stime cutime cstime, 24 rss).
/// </summary>
public static class ProcessStatParser
{
    private const int ParentPidField = 4;
    private const int UserTicksField = 14;
    private const int RssField = 24;

    public static ProcessStat Parse(string content, string path)
    {
        var line = LoadAvgParser.FirstLine(content);
        var open = line.IndexOf('(');
        // The command name may itself hold spaces and ')', so the name ends at the last ')' of the line.
        var close = line.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            throw new HostFileFormatException(path, 1, "'pid (comm) state ...'", line.ToString());
        }

        if (!int.TryParse(line[..open].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            throw new HostFileFormatException(path, 1, "a process id before '('", line[..open].ToString());
        }

        var fields = new FieldReader(line[(close + 1)..]);
        Span<long> values = stackalloc long[RssField + 1];
        // Field 3 (the state letter) comes first after the name.
        if (!fields.TryNext(out _))
        {
            throw new HostFileFormatException(path, 1, "a state after the command name", line.ToString());
        }

        for (var number = ParentPidField; number <= RssField; number++)
        {
            if (!fields.TryNext(out var field))
            {
                throw new HostFileFormatException(path, 1, $"at least {RssField} fields", line.ToString());
            }

            // Only the fields used are checked: others (e.g. tty_nr, priority) may be negative.
            var used = number == ParentPidField || number is >= UserTicksField and <= UserTicksField + 3 || number == RssField;
            if (used && !FieldReader.TryParseCounter(field, out values[number]))
            {
                throw new HostFileFormatException(path, 1, $"a non-negative integer in field {number}", field.ToString());
            }
        }

        return new ProcessStat(
            pid, (int)values[ParentPidField], values[UserTicksField], values[UserTicksField + 1], values[UserTicksField + 2],
            values[UserTicksField + 3], values[RssField]);
    }
}
