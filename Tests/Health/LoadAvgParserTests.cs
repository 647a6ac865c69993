using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class LoadAvgParserTests
{
    [Test]
    public void Reads_the_three_averages_of_a_pi4()
    {
        var load = LoadAvgParser.Parse(PiFixtures.Read("pi4/proc/loadavg"), "/proc/loadavg");

        load.Should().Be(new LoadAverage(1.84, 1.21, 0.87));
    }

    [Test]
    public void A_short_line_is_an_error()
    {
        var act = () => LoadAvgParser.Parse("0.50 0.25\n", "/proc/loadavg");

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/loadavg line 1: expected three load averages but found '0.50 0.25'");
    }
}
