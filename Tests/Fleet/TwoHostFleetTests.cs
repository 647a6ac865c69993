using System.Globalization;
using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Scheduling;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Merge;
using NetnsBdd.Tests.Features;
using NetnsBdd.Tests.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Fleet;

/// <summary>
/// Two hosts on one router, simulated on this machine: two concurrent runs of the suite (child `dotnet test` runs of
/// one feature, each its own test host, run id and Fleet:Host) in uplink mode, each on its own port of one LAN bridge
/// of the home-router emulation (shaped to 100 Mbit/s on the bridge, so both share it), released at one StartAt
/// instant. Their run folders are merged as a QA lab would merge its Pis', and the merge is judged against the
/// router's own counters.
/// </summary>
/// <remarks>
/// Both runs share this machine's clock, so the clock check is waived (Fleet:AllowUnsynchronisedClock): this CI VM's
/// kernel reports TIME_ERROR, and two processes on one kernel cannot disagree about the time anyway. The clients use
/// the native engine, whose 100 ms series are exact byte counts sampled every 100 ms (wget's are read off its log, up
/// to a poll late), because the 2 % comparison with the router is made over the window both hosts downloaded in, and a
/// poll's worth of bytes at each end of a 10 s window is 2 % by itself. Latency probes are off in the children, so the
/// router's counters hold the downloads alone. dnsmasq's ping check is off: leases have their own tests, and its 3 s
/// per address would only lengthen this one.
/// </remarks>
[TestFixture]
[Category("lab")]
[Category("fleet")]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TwoHostFleetTests
{
    private const int ClientsPerHost = 4;

    /// <summary>From the instant's choice to the release: two child test hosts start (~10-20 s each on 2 loaded cores), lease and get ready; a host that arrives later refuses, saying the instant has passed.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(55);

    [Test]
    public async Task Two_hosts_started_at_one_instant_start_within_100_ms_and_their_merged_goodput_matches_the_routers_counters()
    {
        Emulation.Qemu.SkipIfEmulated("two child `dotnet test` runs need the .NET SDK");
        await using var router = await HomeRouter.HomeRouter.StartAsync(hostAddress: false, lanPorts: 2, pingCheck: false);
        var startAt = DateTimeOffset.UtcNow + Margin;
        var instant = ScheduledStart.Format(startAt);
        // host-a takes the instant from Download:StartAt (as the CI example passes it), host-b from the step.
        string Feature(bool step) => $"""
            @fleet
            Feature: Fleet
              Scenario: Two hosts share one router
                Given the clients are attached to the real router
                And {ClientsPerHost} clients
                And the clients download with the Native engine
                {(step ? $"And the download starts at \"{instant}\"" : "")}
                When all clients start parallel download
                Then every client received the whole file
            """;
        using var sampling = new CancellationTokenSource();
        var counters = SampleCountersAsync(router, startAt - TimeSpan.FromSeconds(1.5), sampling.Token);
        var hosts = new[] { "host-a", "host-b" };
        var children = hosts.Select((host, i) => ChildFeatureRun.RunAsync(
            new Dictionary<string, string> { ["Fleet/Fleet.feature"] = Feature(step: i == 1) }, CancellationToken.None, new Dictionary<string, string>
            {
                ["NBDD_Download__StartAt"] = i == 1 ? "" : instant,
                ["NBDD_Lab__Mode"] = "Uplink",
                ["NBDD_Lab__UplinkInterface"] = router.Uplinks[i],
                ["NBDD_Lab__UplinkRateMbps"] = HomeRouter.HomeRouter.RateMbps.ToString(CultureInfo.InvariantCulture),
                ["NBDD_Download__Url"] = HomeRouter.HomeRouter.FileUrl("16M.bin").AbsoluteUri,
                ["NBDD_Fleet__Host"] = host,
                ["NBDD_Fleet__AllowUnsynchronisedClock"] = "true",
                ["NBDD_Latency__Enabled"] = "false",
            })).ToArray();
        ChildFeatureRun[] runs;
        try
        {
            runs = await Task.WhenAll(children);
        }
        finally
        {
            await sampling.CancelAsync();
        }

        var samples = await counters;
        // Kept beside the suite's results (results/fleet/<UTC time>/), like the benchmarks' figures, for a person to
        // look at: the fleet report and both hosts' run folders.
        var output = Path.Combine(Support.Reports.ResultsRoot.Resolve("results"), "fleet", DateTime.UtcNow.ToString("yyyy-MM-ddTHH-mm-ss'Z'", CultureInfo.InvariantCulture));
        try
        {
            for (var i = 0; i < runs.Length; i++)
            {
                CopyFolder(runs[i].RunFolder, Path.Combine(output, "runs", hosts[i]));
            }

            foreach (var run in runs)
            {
                run.Single("TwoHostsShareOneRouter").Outcome.Should().Be("Passed", "the child run's console:\n{0}", run.Console);
            }

            var report = FleetMerge.Read([.. runs.Select(r => r.RunFolder)], hosts);
            var written = FleetMerge.Write(report, output);
            TestContext.Out.WriteLine($"fleet report: {output} ({written.Count} files)");

            var scenario = report.Scenarios.Should().ContainSingle().Subject;
            var window = scenario.CommonWindow ?? throw new AssertionException("the two hosts never downloaded at the same time");
            var routerMbps = RouterPayloadMbps(samples, window.Start, window.End);
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"start {instant}; start errors {string.Join(", ", scenario.Hosts.Select(h => $"{h.Host} {h.StartErrorSeconds * 1000:0.###} ms"))}; " +
                $"host start spread {scenario.HostStartSpreadSeconds * 1000:0.###} ms, all clients' first-byte spread {scenario.ClientFirstByteSpreadSeconds * 1000:0.###} ms; " +
                $"window {(window.End - window.Start).TotalSeconds:0.###} s: merged {scenario.CombinedGoodputMbps:0.###} Mbit/s vs router {routerMbps:0.###} Mbit/s " +
                $"({(scenario.CombinedGoodputMbps / routerMbps - 1) * 100:+0.##;-0.##} %); per host {string.Join(", ", scenario.Hosts.Select(h => $"{h.Host} {scenario.HostMbpsInWindow(h):0.###}"))}; " +
                $"fairness over {scenario.Clients.Count} clients {scenario.Fairness:0.####} (in the window {scenario.WindowFairness:0.####}); overall {scenario.OverallGoodputMbps:0.###} Mbit/s; {samples.Count} router samples"));

            report.FailedHosts.Should().BeEmpty();
            report.MissingHosts.Should().BeEmpty();
            scenario.Hosts.Select(h => h.Host).Should().Equal(hosts);
            scenario.Hosts.Should().AllSatisfy(h => h.StartErrorSeconds.Should().NotBeNull().And.BeInRange(0, 0.1, "each host was ready before the instant and released at it"));
            scenario.HostStartSpreadSeconds.Should().BeLessThanOrEqualTo(0.1, "both hosts were released at one instant");
            scenario.CombinedGoodputMbps.Should().BeApproximately(routerMbps, routerMbps * 0.02, "the router's shaper counted the same bytes in the same window");
            scenario.Clients.Should().HaveCount(2 * ClientsPerHost).And.OnlyContain(c => c.Success);
            scenario.Fairness.Should().BeApproximately(DownloadAggregate.JainIndex([.. scenario.Clients.Select(c => c.Mbps)]), 1e-9, "over every client of both hosts")
                .And.BeGreaterThan(1.0 / (2 * ClientsPerHost));
            scenario.WindowFairness.Should().NotBeNull().And.BeGreaterThan(1.0 / (2 * ClientsPerHost), "every client of both hosts got bytes in the common window");
            foreach (var prefix in scenario.Clients.Select(c => c.Namespace[..(RunId.Prefix.Length + RunId.Length)]).Distinct())
            {
                (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty($"run {prefix} tore its lab down");
            }
        }
        finally
        {
            foreach (var run in runs)
            {
                run.Dispose();
            }
        }

        (await router.UplinkChangesAsync()).Should().BeEmpty("the first port came back as it was");
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>The shaper's counters every 100 ms from <paramref name="from"/> until cancelled, each at the middle of its read.</summary>
    private static async Task<List<(DateTimeOffset At, long Bytes, long Packets)>> SampleCountersAsync(
        HomeRouter.HomeRouter router, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var samples = new List<(DateTimeOffset, long, long)>();
        try
        {
            var wait = from - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var before = DateTimeOffset.UtcNow;
                var (bytes, packets) = await router.ShaperCountersAsync(CancellationToken.None);
                var after = DateTimeOffset.UtcNow;
                samples.Add((before + (after - before) / 2, bytes, packets));
                await Task.Delay(100, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return samples;
    }

    /// <summary>
    /// File bytes the router sent to its LAN between two instants, in Mbit/s: the shaper's bytes less 66 bytes of
    /// headers per packet (Ethernet 14, IPv4 20, TCP with timestamps 32), the counters interpolated at both instants.
    /// </summary>
    private static double RouterPayloadMbps(List<(DateTimeOffset At, long Bytes, long Packets)> samples, DateTimeOffset start, DateTimeOffset end)
    {
        samples.Should().Contain(s => s.At <= start).And.Contain(s => s.At >= end, "the router was sampled across the whole window");
        var payloadStart = At(samples, start);
        var payloadEnd = At(samples, end);
        return (payloadEnd - payloadStart) * 8 / (end - start).TotalSeconds / 1e6;
    }

    private static double At(List<(DateTimeOffset At, long Bytes, long Packets)> samples, DateTimeOffset at)
    {
        var before = samples.Last(s => s.At <= at);
        var after = samples.First(s => s.At >= at);
        double Payload((DateTimeOffset At, long Bytes, long Packets) s) => s.Bytes - 66.0 * s.Packets;
        if (after.At == before.At)
        {
            return Payload(before);
        }

        var share = (at - before.At).TotalSeconds / (after.At - before.At).TotalSeconds;
        return Payload(before) + share * (Payload(after) - Payload(before));
    }
}
