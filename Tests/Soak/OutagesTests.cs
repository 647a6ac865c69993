using FluentAssertions;
using NetnsBdd.Drivers.Soak;
using NUnit.Framework;

namespace NetnsBdd.Tests.Soak;

[Category("unit")]
public sealed class OutagesTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset Origin = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Probes every second at 0.5, 1.5, ... to both targets; lost from <paramref name="lostFrom"/> to <paramref name="lostTo"/> (inclusive, by index).</summary>
    private static WatchProbe[] Series(int count, int lostFrom, int lostTo, params string[] targets) =>
        [.. Enumerable.Range(0, count).SelectMany(i => targets.Select(t => new WatchProbe(t, i + 0.5, i >= lostFrom && i <= lostTo ? null : 0.2)))];

    [Test]
    public void No_lost_probe_is_no_outage() =>
        Outages.From(Series(10, -1, -1, "gateway", "server"), Second, Origin).Should().BeEmpty();

    [Test]
    public void A_run_of_lost_probes_is_one_outage_with_its_edges_halfway_between_probes()
    {
        // Link down at 30.2 s for 3 s: probes at 30.5, 31.5, 32.5 are lost, 33.5 answered.
        var outage = Outages.From(Series(60, 30, 32, "gateway", "server"), Second, Origin).Should().ContainSingle().Subject;
        outage.StartSeconds.Should().BeApproximately(30.0, 1e-9);
        outage.EndSeconds.Should().BeApproximately(33.0, 1e-9);
        outage.Seconds.Should().BeApproximately(3.0, 1e-9);
        outage.Lost.Should().Equal("gateway", "server");
        outage.ProbesLost.Should().Be(6);
        outage.Ongoing.Should().BeFalse();
        outage.StartedAt.Should().Be(Origin.AddSeconds(30));
    }

    [Test]
    public void Outages_of_one_target_only_name_it_and_separate_runs_are_separate_outages()
    {
        var probes = Series(20, 3, 4, "server").Concat(Series(20, -1, -1, "gateway"))
            .Select(p => p.Target == "server" && p.SentSeconds is 12.5 ? p with { RttMs = null } : p).ToArray();
        var outages = Outages.From(probes, Second, Origin);
        outages.Should().HaveCount(2);
        outages.Should().AllSatisfy(o => o.Lost.Should().Equal("server"));
        outages[1].Seconds.Should().BeApproximately(1.0, 1e-9);
    }

    [Test]
    public void Overlapping_outages_of_gateway_and_server_merge()
    {
        var probes = Series(20, 5, 7, "gateway").Concat(Series(20, 6, 9, "server")).ToArray();
        var outage = Outages.From(probes, Second, Origin).Should().ContainSingle().Subject;
        (outage.StartSeconds, outage.EndSeconds).Should().Be((5.0, 10.0));
        outage.ProbesLost.Should().Be(7);
    }

    [Test]
    public void An_outage_still_on_at_the_end_is_ongoing_and_ends_half_an_interval_after_the_last_probe()
    {
        var outage = Outages.From(Series(10, 7, 9, "gateway"), Second, Origin).Should().ContainSingle().Subject;
        outage.Ongoing.Should().BeTrue();
        outage.EndSeconds.Should().BeApproximately(10.0, 1e-9);
    }
}
