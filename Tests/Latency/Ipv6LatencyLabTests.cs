using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FluentAssertions;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Latency;

/// <summary>
/// The probes over IPv6, as <see cref="LatencyLabTests"/> checks them over IPv4: ICMPv6 echo against iputils
/// <c>ping -6</c> beside it, TCP connects to an IPv6 listener, and a dual-stack client probing an IPv4 gateway and an
/// IPv6 server at once, on a two-namespace veth pair (<see cref="Ipv6Pair"/>).
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed partial class Ipv6LatencyLabTests
{
    private const int Port = 8080;

    private static readonly Uri Url = new($"http://[{Ipv6Pair.ServerV6}]:{Port}/bytes/1");

    [Test]
    public async Task Icmpv6_idle_round_trip_agrees_with_ping_6_beside_it_within_a_fifth_of_a_millisecond()
    {
        ToolCatalog.Require("ping");
        await using var pair = await Ipv6Pair.CreateAsync();
        var settings = new LatencySettings { IdleSeconds = 6, TailSeconds = 0, IntervalMilliseconds = 100, SampledClients = 1 };
        var plan = await LatencyPlan.ForAsync([pair.Client(AddressFamily.InterNetworkV6)], null, Url, null, 1, AddressFamily.InterNetworkV6, CancellationToken.None);

        // Both at once, same client, same target, same 64-byte echo, same 100 ms cadence.
        var ping = new CommandRunner().RunAsync(NamespaceCommand.Inside(pair.ClientNamespace,
            new Command("ping", "-6", "-n", "-c", "50", "-i", "0.1", Ipv6Pair.ServerV6.ToString())), CancellationToken.None);
        var session = await new LatencyDriver(settings, TestContext.Out).StartAsync(plan, CancellationToken.None);
        var pinged = await ping;
        session.LoadStarting();
        var measurement = await session.FinishAsync(pair.IdleRun(Url), CancellationToken.None);
        await session.DisposeAsync();

        var server = measurement.Samples.Where(s => s.Kind == ProbeKind.SelfIcmpServer).ToArray();
        var ours = server.Where(s => s.RttMs is not null).Select(s => s.RttMs!.Value).ToArray();
        var theirs = PingTime().Matches(pinged.StandardOutput).Select(x => double.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        var (ourMedian, pingMedian) = (LatencyStatistics.Percentile(ours, 50), LatencyStatistics.Percentile(theirs, 50));
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"ICMPv6 probe: n={ours.Length}/{server.Length} median {ourMedian:0.###} ms (min {ours.Min():0.###}); ping -6: n={theirs.Length} median {pingMedian:0.###} ms (min {theirs.Min():0.###}); difference {ourMedian - pingMedian:+0.###;-0.###} ms"));
        theirs.Should().HaveCountGreaterThan(40, "ping -6 answered: " + pinged.StandardOutput + pinged.StandardError);
        ours.Should().HaveCountGreaterThan(40);
        server.Should().OnlyContain(s => s.Target == Ipv6Pair.ServerV6.ToString());
        ourMedian.Should().BeApproximately(pingMedian, 0.2);
    }

    [Test]
    public async Task Tcp_connects_over_ipv6_reach_a_listener_and_time_its_handshake()
    {
        await using var pair = await Ipv6Pair.CreateAsync();
        using var stop = new CancellationTokenSource();
        var listening = await pair.ListenAsync(Port, stop.Token);
        var client = pair.Client(AddressFamily.InterNetworkV6);
        var plan = await LatencyPlan.ForAsync([client], client, Url, null, 1, AddressFamily.InterNetworkV6, CancellationToken.None);

        var session = await new LatencyDriver(new LatencySettings { IdleSeconds = 3, TailSeconds = 0, IntervalMilliseconds = 100 }, TestContext.Out)
            .StartAsync(plan, CancellationToken.None);
        session.LoadStarting();
        var measurement = await session.FinishAsync(pair.IdleRun(Url), CancellationToken.None);
        await session.DisposeAsync();
        await stop.CancelAsync();
        await listening;

        var connects = measurement.Samples.Where(s => s.Kind == ProbeKind.ForeignTcpConnect).ToArray();
        var times = connects.Where(s => s.RttMs is not null).Select(s => s.RttMs!.Value).ToArray();
        var icmp = measurement.Samples.Where(s => s.Kind is ProbeKind.ForeignIcmpServer or ProbeKind.ForeignIcmpGateway).ToArray();
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"TCP connect over IPv6: {times.Length}/{connects.Length} answered, median {LatencyStatistics.Percentile(times, 50):0.###} ms (max {times.Max():0.###}, first {string.Join(" ", times.Take(3).Select(t => t.ToString("0.###", CultureInfo.InvariantCulture)))}); foreign ICMPv6 {icmp.Count(s => s.RttMs is not null)}/{icmp.Length} answered"));
        connects.Should().HaveCountGreaterThan(20, "3 s at one connect per 100 ms");
        connects.Should().OnlyContain(s => s.RttMs != null && s.Target == $"[{Ipv6Pair.ServerV6}]:{Port}", "every handshake to the listener completes");
        LatencyStatistics.Percentile(times, 50).Should().BeLessThan(1, "a handshake across one idle veth takes well under a millisecond");
        icmp.Should().OnlyContain(s => s.RttMs != null, "the probe client's ICMPv6 echoes are answered too");
    }

    [Test]
    public async Task A_dual_stack_client_probes_an_ipv4_gateway_and_an_ipv6_server_at_once()
    {
        await using var pair = await Ipv6Pair.CreateAsync();
        var plan = await LatencyPlan.ForAsync([pair.Client(AddressFamily.InterNetwork)], null, Url, null, 1, AddressFamily.InterNetworkV6, CancellationToken.None);

        var session = await new LatencyDriver(new LatencySettings { IdleSeconds = 2, TailSeconds = 0, IntervalMilliseconds = 100 }, TestContext.Out)
            .StartAsync(plan, CancellationToken.None);
        session.LoadStarting();
        var measurement = await session.FinishAsync(pair.IdleRun(Url), CancellationToken.None);
        await session.DisposeAsync();

        var gateway = measurement.Samples.Where(s => s.Kind == ProbeKind.SelfIcmpGateway).ToArray();
        var server = measurement.Samples.Where(s => s.Kind == ProbeKind.SelfIcmpServer).ToArray();
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"ICMP to {Ipv6Pair.ServerV4}: {gateway.Count(s => s.RttMs is not null)}/{gateway.Length}; ICMPv6 to {Ipv6Pair.ServerV6}: {server.Count(s => s.RttMs is not null)}/{server.Length}"));
        gateway.Should().HaveCountGreaterThan(10).And.OnlyContain(s => s.RttMs != null && s.Target == Ipv6Pair.ServerV4.ToString());
        server.Should().HaveCountGreaterThan(10).And.OnlyContain(s => s.RttMs != null && s.Target == Ipv6Pair.ServerV6.ToString());
    }

    [GeneratedRegex(@"time=([0-9.]+) ms")]
    private static partial Regex PingTime();
}
