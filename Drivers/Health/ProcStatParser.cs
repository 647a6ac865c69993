namespace NetnsBdd.Drivers.Health;

/// <summary>Parses the cpu lines of <c>/proc/stat</c>.</summary>
public static class ProcStatParser
{
    // user nice system idle: present on every kernel we could meet; later fields are optional.
    private const int MinimumFields = 4;
    private const int UsedFields = 8;

    public static CpuTimes Parse(string content, string path)
    {
        CpuTicks? total = null;
        var cores = new List<CoreTicks>(4);
        var lineNumber = 0;
        var sawLineAfterCpus = false;
        Span<long> values = stackalloc long[UsedFields];

        foreach (var line in content.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (!line.StartsWith("cpu"))
            {
                if (total is not null && !line.IsEmpty)
                {
                    sawLineAfterCpus = true;
                    break;
                }

                if (total is null)
                {
                    throw new HostFileFormatException(path, lineNumber, "the aggregate 'cpu' line first", line.ToString());
                }

                continue;
            }

            var fields = new FieldReader(line);
            fields.TryNext(out var label);
            var isAggregate = label.Length == 3;
            var cpu = -1;
            if (!isAggregate && !int.TryParse(label[3..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cpu))
            {
                throw new HostFileFormatException(path, lineNumber, "a 'cpu' or 'cpuN' label", label.ToString());
            }

            if (total is null != isAggregate)
            {
                throw new HostFileFormatException(path, lineNumber, isAggregate ? "a 'cpuN' line" : "the aggregate 'cpu' line first", line.ToString());
            }

            values.Clear();
            var count = 0;
            while (count < UsedFields && fields.TryNext(out var field))
            {
                if (!FieldReader.TryParseCounter(field, out values[count]))
                {
                    throw new HostFileFormatException(path, lineNumber, $"a non-negative integer in field {count + 2}", field.ToString());
                }

                count++;
            }

            if (count < MinimumFields)
            {
                throw new HostFileFormatException(path, lineNumber, $"at least {MinimumFields} counters after '{label}'", line.ToString());
            }

            var ticks = new CpuTicks(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
            if (isAggregate)
            {
                total = ticks;
            }
            else
            {
                cores.Add(new CoreTicks(cpu, ticks));
            }
        }

        if (total is null)
        {
            throw new HostFileFormatException(path, lineNumber, "the aggregate 'cpu' line", "end of file");
        }

        // The kernel always follows the cpu block with 'intr'; without it a short read cut the block
        // and the last core line may be silently incomplete.
        if (!sawLineAfterCpus)
        {
            throw new HostFileFormatException(path, lineNumber, "the 'intr' line after the cpu lines (file truncated?)", "end of file");
        }

        return new CpuTimes(total.Value, cores);
    }
}
