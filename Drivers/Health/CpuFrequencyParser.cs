namespace NetnsBdd.Drivers.Health;

/// <summary>Parses <c>cpufreq/scaling_cur_freq</c>, which holds kHz.</summary>
public static class CpuFrequencyParser
{
    private const double KilohertzPerMegahertz = 1000.0;

    public static double ParseMegahertz(string content, string path)
    {
        var line = LoadAvgParser.FirstLine(content).Trim();
        if (!FieldReader.TryParseCounter(line, out var kilohertz))
        {
            throw new HostFileFormatException(path, 1, "a whole number of kHz", line.ToString());
        }

        return kilohertz / KilohertzPerMegahertz;
    }
}
