using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class ThermalZoneParserTests
{
    private const string TempPath = "/sys/class/thermal/thermal_zone0/temp";

    [Test]
    public void Converts_pi4_millidegrees_to_celsius()
    {
        ThermalZoneParser.ParseCelsius(PiFixtures.Read("pi4/sys/class/thermal/thermal_zone0/temp"), TempPath)
            .Should().BeApproximately(61.205, 1e-9);
    }

    [Test]
    public void Accepts_sub_zero_readings()
    {
        ThermalZoneParser.ParseCelsius("-5500\n", TempPath).Should().BeApproximately(-5.5, 1e-9);
    }

    [Test]
    public void A_non_numeric_temperature_names_file_line_and_value()
    {
        var act = () => ThermalZoneParser.ParseCelsius(PiFixtures.Read("malformed/temp-non-numeric"), TempPath);

        act.Should().Throw<HostFileFormatException>()
            .WithMessage($"{TempPath} line 1: expected an integer temperature in millidegrees Celsius but found '61.2C'");
    }

    [Test]
    public void Reads_the_zone_type_name()
    {
        ThermalZoneParser.ParseType(PiFixtures.Read("pi5/sys/class/thermal/thermal_zone0/type"), "/sys/class/thermal/thermal_zone0/type")
            .Should().Be("cpu-thermal");
    }
}
