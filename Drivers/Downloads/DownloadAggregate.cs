namespace NetnsBdd.Drivers.Downloads;

/// <summary>The run's figures over all clients.</summary>
public sealed record DownloadAggregate
{
    public required int Clients { get; init; }

    /// <summary>When the first client started.</summary>
    public required DateTimeOffset FirstStart { get; init; }

    /// <summary>When the last client ended.</summary>
    public required DateTimeOffset LastEnd { get; init; }

    public required int Succeeded { get; init; }

    public required int Interrupted { get; init; }

    /// <summary>Clients that neither succeeded nor were interrupted by the timeout.</summary>
    public required int Failed { get; init; }

    public required long TotalBytes { get; init; }

    /// <summary>Seconds from the first client's start to the last client's end.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Total payload bits over the wall time, in megabits (10^6) per second.</summary>
    public required double AggregateMbps { get; init; }

    /// <summary>
    /// Seconds from the first response headers to the last client's end: the time data was flowing. Null when no
    /// client got a response.
    /// </summary>
    public double? TransferSeconds { get; init; }

    /// <summary>
    /// Total payload bits over <see cref="TransferSeconds"/>: the link's goodput, without the clients' process start
    /// and connection set-up, which <see cref="AggregateMbps"/> includes. This is what compares with a shaped rate.
    /// </summary>
    public double? GoodputMbps { get; init; }

    /// <summary>
    /// Seconds between the first and the last client's transfer start (<see cref="ClientDownloadResult.StartedAt"/>):
    /// 0 when every client left the start gate at its release.
    /// </summary>
    public required double StartSpreadSeconds { get; init; }

    /// <summary>Seconds between the first and the last client's process (wget) or socket (native) being made.</summary>
    public double SpawnSpreadSeconds { get; init; }

    /// <summary>
    /// Seconds between the first and the last client's first response byte (over clients that got a response): how
    /// "together" the transfers really began. Null when no client got a response.
    /// </summary>
    public double? FirstByteSpreadSeconds { get; init; }

    /// <summary>Clients that waited at the start gate and left at its release.</summary>
    public int Gated { get; init; }

    public required double MinDuration { get; init; }

    public required double MedianDuration { get; init; }

    /// <summary>95th percentile, nearest-rank.</summary>
    public required double P95Duration { get; init; }

    public required double MaxDuration { get; init; }

    /// <summary>
    /// Jain's index (Σx)² / (n·Σx²) over per-client Mbit/s: 1 is perfectly fair, 1/n is one client taking all. A client
    /// that failed counts as 0; an interrupted one counts with what it got, since it did share the link.
    /// </summary>
    public required double Fairness { get; init; }

    public static DownloadAggregate From(IReadOnlyList<ClientDownloadResult> results)
    {
        ArgumentOutOfRangeException.ThrowIfZero(results.Count, nameof(results));
        var firstStart = results.Min(r => r.StartedAt);
        var lastStart = results.Max(r => r.StartedAt);
        var lastEnd = results.Max(r => r.EndedAt);
        var wall = (lastEnd - firstStart).TotalSeconds;
        var totalBytes = results.Sum(r => r.Bytes);
        var durations = results.Select(r => r.Duration).Order().ToArray();
        var shares = results.Select(r => r.Success || r.Interrupted ? r.Mbps : 0).ToArray();
        var responses = results.Where(r => r.TimeToResponse is not null).Select(r => r.StartedAt.AddSeconds(r.TimeToResponse!.Value)).ToArray();
        double? transfer = responses.Length > 0 ? (lastEnd - responses.Min()).TotalSeconds : null;
        return new DownloadAggregate
        {
            Clients = results.Count,
            FirstStart = firstStart,
            LastEnd = lastEnd,
            Succeeded = results.Count(r => r.Success),
            Interrupted = results.Count(r => r.Interrupted),
            Failed = results.Count(r => !r.Success && !r.Interrupted),
            TotalBytes = totalBytes,
            WallSeconds = Math.Round(wall, 3),
            AggregateMbps = wall > 0 ? Math.Round(totalBytes * 8 / wall / 1e6, 3) : 0,
            TransferSeconds = transfer is { } t ? Math.Round(t, 3) : null,
            GoodputMbps = transfer is > 0 ? Math.Round(totalBytes * 8 / transfer.Value / 1e6, 3) : null,
            StartSpreadSeconds = Math.Round((lastStart - firstStart).TotalSeconds, 4),
            SpawnSpreadSeconds = Math.Round(Spread(results.Select(r => r.SpawnedAt ?? r.StartedAt).ToArray()), 4),
            FirstByteSpreadSeconds = responses.Length > 0 ? Math.Round(Spread(responses), 4) : null,
            Gated = results.Count(r => r.Gated),
            MinDuration = durations[0],
            MedianDuration = Median(durations),
            P95Duration = NearestRank(durations, 0.95),
            MaxDuration = durations[^1],
            Fairness = Math.Round(JainIndex(shares), 4),
        };
    }

    public static double JainIndex(IReadOnlyCollection<double> values)
    {
        var sum = values.Sum();
        var sumOfSquares = values.Sum(v => v * v);
        return sumOfSquares == 0 ? 0 : sum * sum / (values.Count * sumOfSquares);
    }

    private static double Spread(DateTimeOffset[] instants) => (instants.Max() - instants.Min()).TotalSeconds;

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    private static double NearestRank(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
