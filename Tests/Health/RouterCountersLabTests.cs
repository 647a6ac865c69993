using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Settings;
using NetnsBdd.Support;
using NetnsBdd.Tests.Lab;

namespace NetnsBdd.Tests.Health;

/// <summary>
/// The lab router's interface counters in the health series (needs root): the anchor really shows the router
/// namespace and leaves with the lab, and the counters agree with what the clients downloaded and with the shaper.
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class RouterCountersLabTests
{
    private const long MiB = 1024 * 1024;

    // TCP payload of a full frame at MTU 1500 with timestamps: 1448 of 1514 bytes.
    private const double PayloadShareOfFrame = 1448.0 / 1514;

    [SetUp]
    public void RequireRoot()
    {
        if (!Privileges.IsRoot)
        {
            Assert.Ignore("Lab tests make network namespaces and need root; run the suite as root (e.g. in CI).");
        }
    }

    [Test]
    public async Task The_anchor_shows_the_router_namespace_and_no_thread_stays_behind_after_teardown(CancellationToken cancellationToken)
    {
        var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = 2 }, cancellationToken: cancellationToken);
        var prefix = lab.Names.Prefix;
        int tid;
        try
        {
            var sources = await lab.WatchRouterCountersAsync(cancellationToken);
            var again = await lab.WatchRouterCountersAsync(cancellationToken);
            tid = lab.RouterAnchor!.ThreadId;

            sources.Select(s => (s.Name, s.Interfaces.Single())).Should().Equal(("clients", lab.Names.Bridge), ("server", lab.Names.ServerLink));
            sources[0].NetDevPath.Should().Be($"/proc/{Environment.ProcessId}/task/{tid}/net/dev");
            again.Select(s => s.NetDevPath).Should().Equal(sources.Select(s => s.NetDevPath), "one anchor serves the lab");
            var router = InterfacesIn(File.ReadAllText(sources[0].NetDevPath));
            router.Should().BeEquivalentTo(["lo", lab.Names.Bridge, lab.Names.ServerLink, lab.Names.HostLink(1), lab.Names.HostLink(2)]);
            InterfacesIn(File.ReadAllText("/proc/self/net/dev")).Should().NotContain(lab.Names.Bridge, "the test host's own namespace has no lab link");
        }
        finally
        {
            await lab.DisposeAsync();
        }

        Directory.Exists($"/proc/self/task/{tid}").Should().BeFalse("the anchor thread ends with the lab");
        var home = new FileInfo("/proc/self/ns/net").LinkTarget;
        Directory.GetDirectories("/proc/self/task").Select(t => new FileInfo(Path.Combine(t, "ns/net")).LinkTarget)
            .Should().AllBe(home, "no thread of ours may hold a namespace the lab deleted");
        (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
    }

    [Test]
    public async Task During_a_shaped_download_the_bridge_counts_what_the_clients_got_at_the_shaped_rate(CancellationToken cancellationToken)
    {
        const int clients = 5;
        const double shapedMbps = 80;
        // 5 x 18 MiB through 80 Mbit/s of frames (~76.5 Mbit/s of TCP payload): about 10 s, four 2 s intervals or more.
        const long size = 18 * MiB;
        var settings = new SuiteSettings();
        await using var health = new HealthContext(settings);
        var lab = new LabDriver(settings.Lab, settings.Latency);
        string? prefix = null;
        try
        {
            // Connected as the scenario hooks connect them: the monitor runs before the lab exists.
            lab.RouterCountersReady += health.Watch;
            await health.StartAsync(TestContext.Progress, cancellationToken);
            await lab.StartAsync(clients, null, cancellationToken);
            prefix = lab.Names.Prefix;
            await lab.ShapeDownstreamAsync(shapedMbps, cancellationToken);
            var bridge = lab.Names.Bridge;
            var path = lab.RouterCounters.Single(s => s.Name == "clients").NetDevPath;
            var request = new DownloadRequest(lab.Server!.HttpUrl(size), TimeSpan.FromSeconds(60)) { ExpectedBytes = size };
            var manager = new DownloadManager(new WgetEngine(new CommandRunner()), TestContext.Out);

            var before = ReadBridge(path, bridge);
            var run = await manager.StartParallelDownloadAsync(lab.ClientNamespaces, request, cancellationToken);
            var after = ReadBridge(path, bridge);
            var series = await health.StopAsync();

            run.Aggregate.Succeeded.Should().Be(clients, run.Describe());
            var counted = after.TxBytes - before.TxBytes;
            var ratio = (double)counted / run.Aggregate.TotalBytes;
            // Steady: after every client had its first response, while at least two still download (under a loaded
            // host the flows are not perfectly fair, and one finishing early leaves the others to fill the link).
            var steadyFrom = run.Results.Max(r => r.StartedAt.AddSeconds(r.TimeToResponse!.Value));
            var steadyTo = run.Results.Select(r => r.EndedAt).Order().ElementAt(clients - 2);
            var steady = SteadyRates(series, bridge, steadyFrom, steadyTo);
            var rates = string.Join(", ", steady.Select(r => FormattableString.Invariant($"{r.TxMbps:0.00}")));
            TestContext.Out.WriteLine(FormattableString.Invariant(
                $"bridge tx {counted} B vs clients' {run.Aggregate.TotalBytes} B: x{ratio:0.0000}; wall {run.Aggregate.WallSeconds:0.0} s; steady 2 s rates (Mbit/s): {rates}"));
            TestContext.Out.WriteLine(FormattableString.Invariant(
                $"steady window {steadyFrom:HH:mm:ss.fff}-{steadyTo:HH:mm:ss.fff}; clients ended {string.Join(", ", run.Results.Select(r => $"{r.EndedAt:HH:mm:ss.fff}"))}; samples at {string.Join(", ", series.Samples.Select(x => $"{x.Timestamp:HH:mm:ss.fff}"))}"));
            var csv = series.ToCsv();
            TestContext.Out.WriteLine(csv.Split('\n')[0]);

            // The kernel counts an interface's bytes per skb, and the veths hand the bridge GSO super-packets of up to
            // 64 KB with one set of headers each: measured x1.005 of the payload here, not the x1.046 of 1514-byte
            // frames. htb instead charges every would-be frame its headers, so the counters run at the cap's TCP
            // payload equivalent (80 x 1448/1514 = 76.5 Mbit/s, measured 76.5-77.1), a little under 80 Mbit/s of frames.
            counted.Should().BeGreaterThanOrEqualTo(run.Aggregate.TotalBytes, "the bridge carried every byte the clients got");
            ratio.Should().BeLessThanOrEqualTo(1.06, "headers (Ethernet, IP, TCP, HTTP) are at most ~5 % of full frames");
            steady.Should().HaveCountGreaterThanOrEqualTo(2, "the download lasts several sampling intervals");
            steady.Should().AllSatisfy(r => r.TxMbps.Should().BeInRange(
                PayloadShareOfFrame * shapedMbps * 0.98, shapedMbps * 1.01,
                "the bridge's tx is the link htb caps: at least the cap's payload share, never above the cap"));
            csv.Split('\n')[0].Split(',').Should().Contain(
            [
                $"net_clients_{bridge}_tx_bytes", $"net_clients_{bridge}_tx_mbit_s",
                $"net_server_{lab.Names.ServerLink}_rx_bytes", $"net_server_{lab.Names.ServerLink}_rx_mbit_s",
            ]);
        }
        finally
        {
            await lab.DisposeAsync();
        }

        if (prefix is not null)
        {
            (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty("teardown removes every namespace, process and file of the run");
        }
    }

    private static InterfaceCounters ReadBridge(string path, string bridge) =>
        NetDevParser.Parse(File.ReadAllText(path), path, [bridge])[0];

    private static IReadOnlyList<string> InterfacesIn(string netDev) =>
        [.. netDev.Split('\n').Skip(2).Where(l => l.Contains(':')).Select(l => l.Split(':')[0].Trim())];

    private static List<NetworkThroughput> SteadyRates(HealthSeries series, string bridge, DateTimeOffset from, DateTimeOffset to)
    {
        var rates = new List<NetworkThroughput>();
        var samples = series.Samples;
        for (var i = 1; i < samples.Count; i++)
        {
            var (a, b) = (samples[i - 1], samples[i]);
            var ra = a.Network.FirstOrDefault(n => n.Source == "clients" && n.Interface == bridge);
            var rb = b.Network.FirstOrDefault(n => n.Source == "clients" && n.Interface == bridge);
            if (ra is not null && rb is not null && a.Timestamp >= from && b.Timestamp <= to
                && NetworkThroughput.Between(ra, a.Elapsed, rb, b.Elapsed) is { } rate)
            {
                rates.Add(rate);
            }
        }

        return rates;
    }
}
