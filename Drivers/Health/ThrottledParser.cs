using System.Globalization;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Parses <c>get_throttled</c>. The kernel's sysfs file prints bare hex (<c>50005</c>); people
/// copy <c>vcgencmd get_throttled</c> output (<c>throttled=0x50005</c>) too, so both are accepted.
/// A bare value is read as hex because that is what the kernel writes.
/// </summary>
public static class ThrottledParser
{
    public static ThrottleState Parse(string content, string path)
    {
        var line = LoadAvgParser.FirstLine(content).Trim();
        var value = line;
        if (value.StartsWith("throttled="))
        {
            value = value["throttled=".Length..];
        }

        if (value.StartsWith("0x") || value.StartsWith("0X"))
        {
            value = value[2..];
        }

        if (value.IsEmpty || !uint.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var raw))
        {
            throw new HostFileFormatException(path, 1, "a hexadecimal throttle word such as '50005' or '0x50005'", line.ToString());
        }

        return new ThrottleState(raw);
    }
}
