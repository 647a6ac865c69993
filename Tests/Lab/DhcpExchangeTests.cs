using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

/// <summary>What a failed DHCP exchange reports, from udhcpc 1.35's messages.</summary>
[TestFixture]
[Category("unit")]
public sealed class DhcpExchangeTests
{
    [Test]
    public void Offers_without_an_ack_point_at_a_slow_server()
    {
        var exchange = new DhcpExchange();
        foreach (var line in new[]
                 {
                     "udhcpc: started, v1.35.0", "udhcpc: broadcasting discover", "udhcpc: broadcasting discover",
                     "udhcpc: broadcasting select for 198.51.100.215, server 198.51.100.1",
                     "udhcpc: broadcasting select for 198.51.100.215, server 198.51.100.1", "udhcpc: no lease, failing",
                 })
        {
            exchange.Observe(line);
        }

        exchange.ToString().Should().Be("2 discover(s) sent, 2 request(s) for an offered address (server 198.51.100.1), 0 ack(s)");
        exchange.Advice.Should().Contain("did not acknowledge").And.Contain("Lab:DhcpTimeoutSeconds");
    }

    [Test]
    public void Silence_points_at_a_missing_server()
    {
        var exchange = new DhcpExchange();
        exchange.Observe("udhcpc: broadcasting discover");

        exchange.Advice.Should().StartWith("No DHCP server offered");
    }
}
