using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

/// <summary>
/// Rates are wget's own body goodput, so they still include TCP/IP and Ethernet overhead: the shaped rate counts
/// frames, and TCP goodput is ~95.6 % of it at MTU 1500 (1448 payload bytes per 1514-byte frame).
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class ShapingTests
{
    private NamespaceLab _lab = null!;
    private NamespacedHttpServer _server = null!;
    private ClientProbe _probe = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _lab = await NamespaceLab.StartAsync(new LabSettings { Clients = 2 });
        _server = _lab.RegisterForTeardown(await NamespacedHttpServer.StartAsync(_lab.Server!.Namespace));
        _probe = new ClientProbe(_lab);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        var prefix = _lab.Names.Prefix;
        await _server.DisposeAsync();
        await _lab.DisposeAsync();
        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
    }

    [TearDown]
    public Task Clear() => _lab.ClearShapingAsync();

    [Test]
    public async Task Downstream_cap_of_80_mbit_gives_one_client_80_mbit_within_5_percent()
    {
        await _lab.SetDownstreamRateAsync(80);

        var mbps = await MeasureAsync(_lab.Clients[0], 20_000_000);

        TestContext.Out.WriteLine($"shaped 80 Mbit/s, measured {mbps:0.0} Mbit/s ({mbps / 80:P1})");
        mbps.Should().BeApproximately(80, 4);
    }

    [Test]
    public async Task Per_client_rate_of_20_mbit_holds_within_5_percent_and_clearing_it_lifts_the_limit()
    {
        await _lab.SetClientRateAsync(20, [_lab.Clients[1]]);

        var shaped = await MeasureAsync(_lab.Clients[1], 6_000_000);
        var other = await MeasureAsync(_lab.Clients[0], 6_000_000);
        await _lab.SetClientRateAsync(null);
        var cleared = await MeasureAsync(_lab.Clients[1], 6_000_000);

        TestContext.Out.WriteLine($"shaped 20 Mbit/s: {shaped:0.0}; unshaped neighbour: {other:0.0}; after clearing: {cleared:0.0}");
        shaped.Should().BeApproximately(20, 1);
        other.Should().BeGreaterThan(100, "the per-client rate applies only to its own client");
        cleared.Should().BeGreaterThan(100, "clearing removes the tbf");
    }

    [Test]
    public async Task Replacing_the_downstream_cap_takes_effect()
    {
        await _lab.SetDownstreamRateAsync(80);
        await _lab.SetDownstreamRateAsync(30);

        var mbps = await MeasureAsync(_lab.Clients[0], 8_000_000);

        TestContext.Out.WriteLine($"cap 30 Mbit/s after 80: {mbps:0.0} Mbit/s");
        mbps.Should().BeApproximately(30, 1.5);
    }

    [Test]
    public async Task Delay_is_added_downstream_or_a_kernel_without_netem_is_named_with_the_fix()
    {
        var impairment = new Impairment(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, 0);
        try
        {
            await _lab.SetImpairmentAsync(impairment);
        }
        catch (KernelFeatureMissingException e)
        {
            // Kernels without sch_netem (this CI's VM kernel is one) must say so plainly.
            e.Message.Should().Contain("sch_netem").And.Contain("modprobe");
            return;
        }

        var (result, elapsed) = await _probe.DownloadAsync(_lab.Clients[0].Namespace, _server.Url(_lab.Server!.Address, 10));
        TestContext.Out.WriteLine($"tiny download with 200 ms downstream delay: {elapsed.TotalMilliseconds:0} ms");
        result.ExitCode.Should().Be(0);
        // The handshake's SYN-ACK and the response each cross the delayed downstream once.
        elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(400));
    }

    private Task<double> MeasureAsync(LabClient client, long bytes) =>
        _probe.DownloadRateAsync(client.Namespace, _server.Url(_lab.Server!.Address, bytes));
}
