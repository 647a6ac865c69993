using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// Total throughput over time from the clients' progress points: each client's byte delta between two consecutive
/// points is spread evenly over that interval and summed per fixed-width bucket.
/// </summary>
/// <remarks>
/// Spreading, rather than crediting a delta to the bucket its point falls in, matters because progress points come
/// roughly once per dot or per second: with half-second buckets the naive sum alternates between zero and double
/// the real rate.
/// </remarks>
public static class AggregateThroughput
{
    /// <summary>
    /// 100 ms: fine enough to see a 2-5 s run's ramp and stalls. Both engines feed it: the native engine samples its
    /// counters every 100 ms, wget's log is read every 100 ms (every millisecond around the start).
    /// </summary>
    public static readonly TimeSpan DefaultBucket = TimeSpan.FromSeconds(0.1);

    /// <summary>Each client's own throughput in the same buckets and on the same clock as <see cref="Of"/>, by namespace.</summary>
    public static IReadOnlyList<(string Client, IReadOnlyList<ThroughputBucket> Buckets)> PerClient(DownloadRun run, TimeSpan bucket)
    {
        if (run.Results.Count == 0)
        {
            return [];
        }

        var origin = run.Results.Min(r => r.StartedAt);
        var all = run.Results.Select(r => ClientProgress.From(r, origin)).ToArray();
        var count = Bucket(all, bucket).Count;
        return [.. run.Results.Select((r, i) => (r.Namespace, Pad(Bucket([all[i]], bucket), count, bucket.TotalSeconds)))];
    }

    private static IReadOnlyList<ThroughputBucket> Pad(IReadOnlyList<ThroughputBucket> buckets, int count, double width) =>
        [.. Enumerable.Range(0, count).Select(i => i < buckets.Count ? buckets[i] : new ThroughputBucket(i * width, (i + 1) * width, 0))];

    /// <summary>All clients of <paramref name="run"/>, on a clock that starts when the first client started.</summary>
    public static IReadOnlyList<ThroughputBucket> Of(DownloadRun run, TimeSpan bucket)
    {
        if (run.Results.Count == 0)
        {
            return [];
        }

        var origin = run.Results.Min(r => r.StartedAt);
        return Bucket(run.Results.Select(r => ClientProgress.From(r, origin)).ToArray(), bucket);
    }

    public static IReadOnlyList<ThroughputBucket> Bucket(IReadOnlyList<ClientProgress> clients, TimeSpan bucket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        var width = bucket.TotalSeconds;
        var end = clients.SelectMany(c => c.Points.Select(p => c.StartSeconds + p.Elapsed.TotalSeconds)).DefaultIfEmpty(0).Max();
        if (end <= 0)
        {
            return [];
        }

        // Rounding guards against 2.0000000001 / 0.5 creating an empty fifth bucket.
        var count = (int)Math.Ceiling(Math.Round(end / width, 9));
        var bytes = new double[count];
        foreach (var client in clients)
        {
            var previousTime = client.StartSeconds;
            var previousBytes = 0L;
            foreach (var point in client.Points)
            {
                var time = client.StartSeconds + point.Elapsed.TotalSeconds;
                Spread(bytes, width, previousTime, time, point.Bytes - previousBytes);
                previousTime = Math.Max(previousTime, time);
                previousBytes = Math.Max(previousBytes, point.Bytes);
            }
        }

        return bytes
            .Select((b, i) => new ThroughputBucket(i * width, (i + 1) * width, b * 8 / width / 1e6))
            .ToArray();
    }

    private static void Spread(double[] buckets, double width, double from, double to, long delta)
    {
        // A counter that went backwards (a restarted transfer) adds nothing rather than negative throughput.
        if (delta <= 0)
        {
            return;
        }

        if (to <= from)
        {
            buckets[Index(from, width, buckets.Length)] += delta;
            return;
        }

        var first = Index(from, width, buckets.Length);
        var last = Index(to, width, buckets.Length, isEnd: true);
        for (var i = first; i <= last; i++)
        {
            var overlap = Math.Min(to, (i + 1) * width) - Math.Max(from, i * width);
            if (overlap > 0)
            {
                buckets[i] += delta * overlap / (to - from);
            }
        }
    }

    private static int Index(double seconds, double width, int count, bool isEnd = false)
    {
        var position = Math.Round(seconds / width, 9);
        var index = isEnd ? (int)Math.Ceiling(position) - 1 : (int)Math.Floor(position);
        return Math.Clamp(index, 0, count - 1);
    }
}
