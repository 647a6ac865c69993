using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class MemInfoParserTests
{
    [Test]
    public void Reads_total_and_available_of_a_pi4_in_bytes()
    {
        var memory = MemInfoParser.Parse(PiFixtures.Read("pi4/proc/meminfo"), "/proc/meminfo");

        memory.TotalBytes.Should().Be(3882600L * 1024);
        memory.AvailableBytes.Should().Be(3215476L * 1024);
        memory.UsedPercent.Should().BeApproximately(17.18, 0.01);
        memory.AvailableMegabytes.Should().BeApproximately(3140.11, 0.01);
    }

    [Test]
    public void Reads_a_pi5()
    {
        var memory = MemInfoParser.Parse(PiFixtures.Read("pi5/proc/meminfo"), "/proc/meminfo");

        memory.UsedPercent.Should().BeApproximately(9.86, 0.01);
    }

    [Test]
    public void Missing_MemAvailable_is_an_error_saying_what_was_expected()
    {
        var act = () => MemInfoParser.Parse(PiFixtures.Read("malformed/meminfo-no-memavailable"), "/proc/meminfo");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/meminfo: expected a 'MemAvailable:' line but found 'no such line in 40 lines'");
    }

    [Test]
    public void A_non_numeric_value_names_the_line()
    {
        var act = () => MemInfoParser.Parse("MemTotal: 100 kB\nMemFree: 5 kB\nMemAvailable: lots kB\n", "/proc/meminfo");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/meminfo line 3: expected a whole number of kB but found 'MemAvailable: lots kB'");
    }
}
