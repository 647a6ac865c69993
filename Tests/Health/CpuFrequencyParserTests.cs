using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class CpuFrequencyParserTests
{
    [Test]
    public void Converts_pi5_khz_to_mhz()
    {
        CpuFrequencyParser.ParseMegahertz(PiFixtures.Read("pi5/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq"), "f")
            .Should().Be(2400.0);
    }

    [Test]
    public void Rejects_a_decimal_value()
    {
        var act = () => CpuFrequencyParser.ParseMegahertz("1.5 GHz\n", "/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq line 1: expected a whole number of kHz but found '1.5 GHz'");
    }
}
