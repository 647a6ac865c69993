using System.Globalization;

namespace NetnsBdd.Drivers.Health;

/// <summary>Parses a thermal zone's <c>temp</c> file, which holds millidegrees Celsius.</summary>
public static class ThermalZoneParser
{
    private const double MillidegreesPerDegree = 1000.0;

    public static double ParseCelsius(string content, string path)
    {
        var line = LoadAvgParser.FirstLine(content).Trim();
        if (!long.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millidegrees))
        {
            throw new HostFileFormatException(path, 1, "an integer temperature in millidegrees Celsius", line.ToString());
        }

        return millidegrees / MillidegreesPerDegree;
    }

    public static string ParseType(string content, string path)
    {
        var line = LoadAvgParser.FirstLine(content).Trim();
        if (line.IsEmpty)
        {
            throw new HostFileFormatException(path, 1, "a thermal zone type name", string.Empty);
        }

        return line.ToString();
    }
}
