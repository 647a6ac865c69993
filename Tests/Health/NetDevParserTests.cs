using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class NetDevParserTests
{
    [Test]
    public void Reads_counters_that_touch_the_colon()
    {
        var counters = NetDevParser.Parse(PiFixtures.Read("pi4/proc/net/dev"), "/proc/net/dev", ["eth0", "lo"]);

        counters.Should().Equal(
            new InterfaceCounters("eth0", 12884901888, 734003200),
            new InterfaceCounters("lo", 84312, 84312));
    }

    [Test]
    public void Reads_a_namespace_threads_net_dev()
    {
        const string path = "/proc/4242/task/4243/net/dev";
        var counters = NetDevParser.Parse(PiFixtures.Read("pi4" + path), path, ["veth-c1"]);

        counters.Should().Equal(new InterfaceCounters("veth-c1", 67239112, 1523004));
    }

    [Test]
    public void A_missing_interface_names_the_ones_present()
    {
        var act = () => NetDevParser.Parse(PiFixtures.Read("pi5/proc/net/dev"), "/proc/net/dev", ["veth9"]);

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/net/dev: expected a line for interface 'veth9' but found 'only lo, eth0, wlan0'");
    }

    [Test]
    public void A_short_counter_line_names_the_line()
    {
        var content = PiFixtures.Read("pi5/proc/net/dev").Replace("  eth0: 98231450   81233", "  eth0: 98231450", StringComparison.Ordinal);

        var act = () => NetDevParser.Parse(content, "/proc/net/dev", ["eth0"]);

        act.Should().Throw<HostFileFormatException>().Which.LineNumber.Should().Be(4);
    }

    [Test]
    public void A_file_without_the_header_is_rejected()
    {
        var act = () => NetDevParser.Parse("eth0: 1 2 3\n", "/proc/net/dev", ["eth0"]);

        act.Should().Throw<HostFileFormatException>()
            .WithMessage("/proc/net/dev line 1: expected the net/dev header starting 'Inter-|' but found 'eth0: 1 2 3'");
    }
}
