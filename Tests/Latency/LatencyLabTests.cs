using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Latency;

/// <summary>
/// The probes against physics and against iputils ping, on the embedded lab: one client downloading through a
/// 100 Mbit/s cap whose queue holds N full frames. A full queue of N frames takes N × 1514 B × 8 / 100 Mbit/s to
/// drain (1000: 121 ms, 50: 6 ms), which is the most the load can add to the client's round trips.
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed partial class LatencyLabTests
{
    private const double CapMbps = 100;

    private static readonly LatencySettings Probes = new() { IdleSeconds = 3, TailSeconds = 1, IntervalMilliseconds = 100 };

    private static double DrainMs(int packets) => packets * 1514 * 8 / (CapMbps * 1000);

    /// <remarks>
    /// The deep queue needs a long download: cubic leaves slow start early (HyStart sees the delay rise) and then
    /// grows its window by time (about 0.4·t³ segments), so a 1000-frame queue takes some 10–15 s to fill the first
    /// time; after each loss the window drops to 70 % and climbs back. 320 MiB at 95.6 Mbit/s is about 28 s (on this VM
    /// 160 MiB already gave 101.6-104.1 ms added in four runs, LatencyBenchmark; 480 MiB gave 97.8 ms).
    /// </remarks>
    [TestCase(1000, 320)]
    [TestCase(50, 64)]
    public async Task Added_latency_matches_the_time_a_full_queue_takes_to_drain(int packets, int mebibytes)
    {
        await using var lab = await LatencyLab.StartAsync(1);
        await lab.Lab.SetDownstreamRateAsync(CapMbps);
        await lab.Lab.SetQueueLimitAsync(packets);
        lab.Server.SetCongestionControl("cubic");

        var (run, latency) = await lab.DownloadAsync((long)mebibytes << 20, Probes);

        run.Aggregate.Succeeded.Should().Be(1);
        var m = latency!;
        var drain = DrainMs(packets);
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"queue {packets} frames, drain time {drain:0.#} ms: self idle median {m.SelfIdle.MedianMs:0.###} ms, loaded median {m.SelfLoaded.MedianMs:0.###} ms (p90 {m.SelfLoaded.P90Ms:0.###}, max {m.SelfLoaded.P99Ms:0.###} p99), added {m.AddedMs:0.##} ms = {m.AddedMs / drain:P0} of the drain time; grade {m.Grade?.Name()}, {m.Rpm:0} RPM; lost {m.SelfLoaded.Lost}/{m.SelfLoaded.Sent}"));
        var secondHalf = new LatencyWindow((m.Loaded.StartSeconds + m.Loaded.EndSeconds) / 2, m.Loaded.EndSeconds);
        var steady = LatencySummary.Of(m.Samples.Where(s => ProbeKinds.SelfIcmp.Contains(s.Kind) && secondHalf.Contains(s)));
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"  second half of the load: self median {steady.MedianMs:0.##} ms, p90 {steady.P90Ms:0.##} ms, added {steady.MedianMs - m.SelfIdle.MedianMs:0.##} ms = {(steady.MedianMs - m.SelfIdle.MedianMs) / drain:P0} of the drain time"));
        foreach (var (kind, (idle, loaded)) in m.ByKind)
        {
            TestContext.Out.WriteLine(FormattableString.Invariant(
                $"  {kind.JsonName()}: idle median {idle.MedianMs:0.###} ms (n={idle.Answered}), loaded median {loaded.MedianMs:0.###} ms p90 {loaded.P90Ms:0.###} (n={loaded.Answered}, lost {loaded.Lost})"));
        }

        m.SelfLoaded.Answered.Should().BeGreaterThan(20, "a 5 s download at 10 probes/s per target gives dozens of loaded probes");
        m.SelfIdle.MedianMs.Should().BeLessThan(1, "an idle veth path answers in well under a millisecond");
        if (packets >= 1000)
        {
            // TCP (cubic) keeps a drop-tail queue between about 70 % (after a loss) and 100 % full; a probe waits
            // behind what is queued when it arrives.
            m.AddedMs.Should().BeInRange(0.5 * drain, 1.15 * drain, "the added latency is the standing queue's drain time");
            m.Grade.Should().BeOneOf(BufferbloatGrade.C, BufferbloatGrade.D);
        }
        else
        {
            m.AddedMs.Should().BeLessThanOrEqualTo(10, "a 50-frame queue drains in 6 ms");
            m.Grade.Should().BeOneOf(BufferbloatGrade.APlus, BufferbloatGrade.A);
        }
    }

    [Test]
    public async Task Idle_round_trip_agrees_with_iputils_ping_beside_it_within_a_fifth_of_a_millisecond()
    {
        ToolCatalog.Require("ping");
        await using var lab = await LatencyLab.StartAsync(1);
        var client = lab.Lab.Clients[0];
        var settings = new LatencySettings { IdleSeconds = 6, TailSeconds = 0, IntervalMilliseconds = 100, SampledClients = 1 };
        var plan = await LatencyPlan.ForAsync(lab.Lab.Clients, null, lab.Request(1).Url, null, 1, CancellationToken.None);

        // Both at once, same client, same target, same 64-byte echo, same 100 ms cadence.
        var ping = new CommandRunner().RunAsync(lab.Lab.InNamespace(client.Namespace,
            new Command("ping", "-n", "-c", "50", "-i", "0.1", lab.Lab.Server!.Address.ToString())), CancellationToken.None);
        var session = await new LatencyDriver(settings, TestContext.Out).StartAsync(plan, CancellationToken.None);
        var pinged = await ping;
        session.LoadStarting();
        var measurement = await session.FinishAsync(EmptyRun(lab), CancellationToken.None);
        await session.DisposeAsync();

        var ours = measurement.Samples.Where(s => s.Kind == ProbeKind.SelfIcmpServer && s.RttMs is not null).Select(s => s.RttMs!.Value).ToArray();
        var theirs = PingTime().Matches(pinged.StandardOutput).Select(x => double.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        var (ourMedian, pingMedian) = (LatencyStatistics.Percentile(ours, 50), LatencyStatistics.Percentile(theirs, 50));
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"probe: n={ours.Length} median {ourMedian:0.###} ms (min {ours.Min():0.###}); ping: n={theirs.Length} median {pingMedian:0.###} ms (min {theirs.Min():0.###}); difference {ourMedian - pingMedian:+0.###;-0.###} ms"));
        theirs.Should().HaveCountGreaterThan(40, "ping answered: " + pinged.StandardOutput);
        ours.Should().HaveCountGreaterThan(40);
        ourMedian.Should().BeApproximately(pingMedian, 0.2);
    }

    private static Drivers.Downloads.DownloadRun EmptyRun(LatencyLab lab)
    {
        // No load in this test: a zero-length window at the end, so every probe counts as idle.
        var now = DateTimeOffset.UtcNow;
        var result = new Drivers.Downloads.ClientDownloadResult
        {
            Namespace = lab.Namespaces[0], Success = true, Duration = 0, Interrupted = false, Stdout = "", Stderr = "", Bytes = 0,
            BytesExact = true, BytesResolution = 0, Mbps = 0, ExitCode = 0, Outcome = Drivers.Downloads.DownloadOutcome.Ok,
            Engine = "none", StartedAt = now, Command = "",
        };
        return new Drivers.Downloads.DownloadRun(lab.Request(1), [result], Drivers.Downloads.DownloadAggregate.From([result]));
    }

    [GeneratedRegex(@"time=([0-9.]+) ms")]
    private static partial Regex PingTime();
}
