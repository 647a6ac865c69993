using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

/// <summary>
/// The router's upstream (its egress toward the server, where uploads queue) shaped like the downstream: a cap in
/// frames (TCP goodput ~1448/1514 of it), per-client fairness, and a queue counted in full frames even though the
/// forwarded packets are GSO super-packets. Measured with iperf3 (no HTTP in the way) and ping from the sending client.
/// </summary>
[TestFixture]
[Category(TestTier.Lab)]
[NonParallelizable]
public sealed class UpstreamShapingTests
{
    private const double FrameCeiling = 1448.0 / 1514;
    private NamespaceLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await NamespaceLab.StartAsync(new LabSettings { Clients = 10 });

    [OneTimeTearDown]
    public async Task StopLab()
    {
        var prefix = _lab.Names.Prefix;
        await _lab.DisposeAsync();
        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
    }

    [TearDown]
    public Task Clear() => _lab.ClearShapingAsync();

    [Test]
    [CancelAfter(120_000)]
    public async Task Ten_clients_sending_through_a_20_mbit_upstream_get_its_frame_ceiling_fairly(CancellationToken cancellationToken)
    {
        await _lab.SetUpstreamRateAsync(20, cancellationToken);

        var rates = await Iperf3Uploads.MeasureMbpsAsync(_lab, _lab.Clients, 8, cancellationToken);

        var aggregate = rates.Sum();
        var fairness = Iperf3Uploads.Jain(rates);
        TestContext.Out.WriteLine($"upstream 20 Mbit/s, 10 senders: aggregate {aggregate:0.00} Mbit/s (ceiling {20 * FrameCeiling:0.00}), " +
                                  $"Jain {fairness:0.000}; each: {string.Join(' ', rates.Select(r => r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        aggregate.Should().BeApproximately(20 * FrameCeiling, 20 * FrameCeiling * 0.05, "htb counts frames: goodput is 1448/1514 of the cap");
        fairness.Should().BeGreaterThanOrEqualTo(0.9, "each client has its own class under the cap, served round-robin");
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task A_1000_frame_upstream_queue_at_20_mbit_adds_most_of_its_606_ms_drain_time(CancellationToken cancellationToken)
    {
        await _lab.SetUpstreamQueueLimitAsync(1000, cancellationToken);
        await _lab.SetUpstreamRateAsync(20, cancellationToken);

        var added = await AddedLatencyUnderOneUploadAsync(cancellationToken);

        var drain = 1000.0 * Shaper.FrameBytes * 8 / 20e6 * 1000;
        TestContext.Out.WriteLine($"1000-frame upstream queue at 20 Mbit/s (drain {drain:0} ms), one cubic sender: added {added:0} ms");
        added.Should().BeGreaterThanOrEqualTo(0.6 * drain,
            "cubic fills the FIFO until it drops, and a bfifo of 1000 × 1514 bytes holds 1000 frames whatever GSO does");
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task A_50_frame_upstream_queue_adds_under_40_ms(CancellationToken cancellationToken)
    {
        await _lab.SetUpstreamQueueLimitAsync(50, cancellationToken);
        await _lab.SetUpstreamRateAsync(20, cancellationToken);

        var added = await AddedLatencyUnderOneUploadAsync(cancellationToken);

        TestContext.Out.WriteLine($"50-frame upstream queue at 20 Mbit/s (drain 30 ms), one cubic sender: added {added:0} ms");
        added.Should().BeLessThan(40);
        added.Should().BeGreaterThan(5, "the queue does fill under an upload: a figure near 0 would mean the cap was not in the path");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Downstream_and_upstream_caps_set_together_stay_independent(CancellationToken cancellationToken)
    {
        await _lab.SetUpstreamRateAsync(10, cancellationToken);
        await _lab.SetDownstreamRateAsync(30, cancellationToken);
        await _lab.SetUpstreamQueueLimitAsync(100, cancellationToken);
        await _lab.SetQueueLimitAsync(300, cancellationToken);

        _lab.Shaping.Should().Be(new LabShaping(30, null, 300, null) { UpstreamMbps = 10, UpstreamQueuePackets = 100 },
            "setting one direction keeps the other's cap and queue");
        var rates = await Iperf3Uploads.MeasureMbpsAsync(_lab, [_lab.Clients[0], _lab.Clients[1]], 6, cancellationToken, [false, true]);
        await _lab.SetDownstreamRateAsync(null, cancellationToken);
        var upstreamAlone = await Iperf3Uploads.MeasureMbpsAsync(_lab, [_lab.Clients[0]], 6, cancellationToken);

        TestContext.Out.WriteLine($"both at once: upload {rates[0]:0.00} Mbit/s (cap 10), download {rates[1]:0.00} Mbit/s (cap 30); " +
                                  $"upload after the downstream cap was removed: {upstreamAlone[0]:0.00}");
        rates[0].Should().BeApproximately(10 * FrameCeiling, 10 * FrameCeiling * 0.05, "the upload runs at the upstream cap");
        rates[1].Should().BeApproximately(30 * FrameCeiling, 30 * FrameCeiling * 0.05, "the download runs at the downstream cap");
        // A lone short flow spends part of its run in slow start, so only the cap's bound is held tight here: an upload
        // through no cap at all runs at thousands of Mbit/s.
        upstreamAlone[0].Should().BeInRange(10 * FrameCeiling * 0.9, 10 * FrameCeiling * 1.05, "removing the downstream cap keeps the upstream one");
        _lab.Shaping.UpstreamMbps.Should().Be(10);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Removing_the_upstream_cap_lifts_the_limit(CancellationToken cancellationToken)
    {
        await _lab.SetUpstreamRateAsync(10, cancellationToken);
        await _lab.SetUpstreamRateAsync(null, cancellationToken);

        var rates = await Iperf3Uploads.MeasureMbpsAsync(_lab, [_lab.Clients[0]], 2, cancellationToken);

        TestContext.Out.WriteLine($"upload after removing a 10 Mbit/s upstream cap: {rates[0]:0} Mbit/s");
        rates[0].Should().BeGreaterThan(100);
        _lab.Shaping.UpstreamMbps.Should().BeNull();
    }

    /// <summary>
    /// Median ping from the sending client to the server while it uploads, minus the median when idle: the sender's own
    /// class queue is the one its pings wait in (another client's would be served round-robin beside it).
    /// </summary>
    private async Task<double> AddedLatencyUnderOneUploadAsync(CancellationToken cancellationToken)
    {
        var sender = _lab.Clients[0];
        var server = _lab.Server!.Address;
        var idle = Iperf3Uploads.Median(await Iperf3Uploads.PingMillisecondsAsync(_lab, sender.Namespace, server, 2, cancellationToken));
        var upload = Iperf3Uploads.MeasureMbpsAsync(_lab, [sender], 19, cancellationToken);
        // cubic leaves slow start early (HyStart sees the RTT rise) and then grows its window by ~45 ms of queue per
        // second here: a 1000-frame queue at 20 Mbit/s is full only ~10 s into an upload. Measured after 8 s.
        await Task.Delay(TimeSpan.FromSeconds(8), cancellationToken);
        var loaded = await Iperf3Uploads.PingMillisecondsAsync(_lab, sender.Namespace, server, 10, cancellationToken);
        var rates = await upload;
        TestContext.Out.WriteLine($"idle median {idle:0.0} ms; loaded median {Iperf3Uploads.Median(loaded):0.0} ms " +
                                  $"({loaded.Length} replies: {string.Join(' ', loaded.Select(l => l.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}); upload {rates[0]:0.00} Mbit/s");
        return Iperf3Uploads.Median(loaded) - idle;
    }
}
