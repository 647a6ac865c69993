using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Support.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

[TestFixture]
[Category("unit")]
public sealed class AggregateThroughputTests
{
    private static readonly TimeSpan HalfSecond = TimeSpan.FromSeconds(0.5);

    private static TransferProgress At(double seconds, long bytes) => new(TimeSpan.FromSeconds(seconds), bytes);

    [Test]
    public void Spreads_each_delta_over_its_interval_and_sums_clients_per_bucket()
    {
        // a: 1 MB/s steady from 0 s to 2 s, a point each second: 500 kB in each half-second bucket.
        // b: starts at 0.5 s; 250 kB in its first 0.5 s (bucket 1), then 750 kB over 1.0-2.0 s (375 kB in buckets 2 and 3).
        ClientProgress[] clients =
        [
            new(0.0, [At(1, 1_000_000), At(2, 2_000_000)]),
            new(0.5, [At(0.5, 250_000), At(1.5, 1_000_000)]),
        ];

        var buckets = AggregateThroughput.Bucket(clients, HalfSecond);

        // Bytes per bucket × 8 / 0.5 s / 10^6: 500k → 8, 750k → 12, 875k → 14.
        buckets.Should().Equal(
            [
                new ThroughputBucket(0.0, 0.5, 8),
                new ThroughputBucket(0.5, 1.0, 12),
                new ThroughputBucket(1.0, 1.5, 14),
                new ThroughputBucket(1.5, 2.0, 14),
            ],
            (actual, expected) => actual.StartSeconds == expected.StartSeconds && actual.EndSeconds == expected.EndSeconds
                && Math.Abs(actual.Mbps - expected.Mbps) < 1e-9);
    }

    [Test]
    public void An_interval_ending_mid_bucket_fills_only_its_share_of_that_bucket()
    {
        // 300 kB over 0-0.75 s: 200 kB in bucket 0, 100 kB in bucket 1.
        var buckets = AggregateThroughput.Bucket([new ClientProgress(0, [At(0.75, 300_000)])], HalfSecond);

        buckets.Select(b => b.Mbps).Should().Equal([3.2, 1.6], (a, e) => Math.Abs(a - e) < 1e-9);
    }

    [Test]
    public void A_counter_that_goes_backwards_adds_nothing()
    {
        var buckets = AggregateThroughput.Bucket([new ClientProgress(0, [At(0.5, 500_000), At(1.0, 100_000), At(1.5, 600_000)])], HalfSecond);

        // 500 kB, then nothing for the drop, then 100 kB from the previous high of 500 kB.
        buckets.Select(b => b.Mbps).Should().Equal([8, 0, 1.6], (a, e) => Math.Abs(a - e) < 1e-9);
    }

    [Test]
    public void No_progress_gives_no_buckets()
    {
        AggregateThroughput.Bucket([new ClientProgress(0, [])], HalfSecond).Should().BeEmpty();
        AggregateThroughput.Bucket([], HalfSecond).Should().BeEmpty();
    }

    [Test]
    public void The_final_byte_count_past_the_last_progress_point_is_counted()
    {
        var client = ReportData.Client("c", DownloadOutcome.Ok, 1.0, 2.5, 2_500_000) with { Progress = [At(1, 1_000_000), At(2, 2_000_000)] };

        var progress = ClientProgress.From(client, ReportData.T0);

        progress.StartSeconds.Should().Be(1.0);
        progress.Points.Should().Equal(At(1, 1_000_000), At(2, 2_000_000), At(2.5, 2_500_000));
    }

    [Test]
    public void Every_byte_of_a_run_lands_in_some_bucket()
    {
        var run = ReportData.FourClients();

        var buckets = AggregateThroughput.Of(run, HalfSecond);

        var bytes = buckets.Sum(b => b.Mbps * 1e6 / 8 * 0.5);
        bytes.Should().BeApproximately(run.Aggregate.TotalBytes, 1);
        buckets[^1].EndSeconds.Should().BeApproximately(8.5, 1e-9, "the timed-out client ran from 0.1 s to 8.1 s");
    }

    [Test]
    public void Each_clients_own_series_has_the_runs_buckets_and_they_sum_to_the_aggregate()
    {
        var run = ReportData.FourClients();

        var all = AggregateThroughput.Of(run, AggregateThroughput.DefaultBucket);
        var each = AggregateThroughput.PerClient(run, AggregateThroughput.DefaultBucket);

        each.Select(c => c.Client).Should().Equal(run.Results.Select(r => r.Namespace));
        each.Should().OnlyContain(c => c.Buckets.Count == all.Count, "every client's series is padded to the run's buckets");
        for (var i = 0; i < all.Count; i++)
        {
            each.Sum(c => c.Buckets[i].Mbps).Should().BeApproximately(all[i].Mbps, 1e-6, "bucket {0}", i);
        }
    }

    [Test]
    public void Points_read_in_one_poll_count_as_one_so_the_polls_bytes_spread_over_the_interval()
    {
        // Three dot lines read at 0.2 s: 1.2 MB since the start, all of it spread over 0-0.2 s (48 Mbit/s in both buckets).
        var result = ReportData.Client("nbdd-c1", DownloadOutcome.Ok, 0, 0.2, 1_200_000) with
        {
            Progress = [At(0.2, 400_000), At(0.2, 800_000), At(0.2, 1_200_000)],
        };

        var buckets = AggregateThroughput.Bucket([ClientProgress.From(result, result.StartedAt)], TimeSpan.FromSeconds(0.1));

        buckets.Select(b => Math.Round(b.Mbps, 6)).Should().Equal(48, 48);
    }
}
