using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class NetworkThroughputTests
{
    private static NetworkReading Bridge(long rx, long tx) => new("clients", "nbddb", rx, tx);

    [Test]
    public void Is_the_counter_difference_over_the_elapsed_time_in_bytes_and_megabits()
    {
        var rate = NetworkThroughput.Between(Bridge(1_000, 2_000), TimeSpan.FromSeconds(2), Bridge(501_000, 20_002_000), TimeSpan.FromSeconds(4));

        rate.Should().Be(new NetworkThroughput(TimeSpan.FromSeconds(4), 250_000, 10_000_000));
        rate!.RxMbps.Should().BeApproximately(2, 1e-12);
        rate.TxMbps.Should().BeApproximately(80, 1e-12);
    }

    [TestCase(10, 3_000, Description = "rx went back")]
    [TestCase(1_000, 10, Description = "tx went back")]
    public void Is_null_when_a_counter_went_back(long rx, long tx) =>
        NetworkThroughput.Between(Bridge(1_000, 2_000), TimeSpan.FromSeconds(2), Bridge(rx, tx), TimeSpan.FromSeconds(4))
            .Should().BeNull("a recreated interface restarts its counters; a negative rate would be invented");

    [Test]
    public void Is_null_without_time_between_the_readings() =>
        NetworkThroughput.Between(Bridge(0, 0), TimeSpan.FromSeconds(2), Bridge(10, 10), TimeSpan.FromSeconds(2)).Should().BeNull();
}
