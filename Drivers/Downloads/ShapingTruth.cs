namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// A throughput above what tc lets through is a measurement error, not a fast router: every run on a shaped lab is
/// checked against the caps before any step judges it, so no false number reaches a report.
/// </summary>
public static class ShapingTruth
{
    /// <summary>The shapers' burst allowance and wget's rounding, as a fraction of the cap.</summary>
    public const double Allowance = 0.05;

    private const string Untrusted =
        "the figures are wrong (clock, byte count or shaping not applied), so this run's numbers cannot be trusted.";

    /// <summary>Throws when the download aggregate exceeds the shared downstream cap, or a client its own cap.</summary>
    public static void Check(DownloadRun run, double? downstreamMbps, double? perClientMbps)
    {
        var aggregate = run.Aggregate.GoodputMbps ?? run.Aggregate.AggregateMbps;
        if (downstreamMbps is { } shared && aggregate > shared * (1 + Allowance))
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"Measured an aggregate of {aggregate:0.##} Mbit/s through a router shaped to {shared:0.##} Mbit/s: ") + Untrusted);
        }

        if (perClientMbps is { } each && run.Results.FirstOrDefault(r => r.Mbps > each * (1 + Allowance)) is { } fast)
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"Measured {fast.Mbps:0.##} Mbit/s for {fast.Namespace}, whose link is shaped to {each:0.##} Mbit/s: ") + Untrusted);
        }
    }

    /// <summary>
    /// Throws when the upload aggregate exceeds the router's upstream cap (the egress toward the server). Per-client
    /// caps shape a client's downstream only, so they bound no upload.
    /// </summary>
    public static void CheckUploads(DownloadRun uploads, double? upstreamMbps)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var aggregate = uploads.Aggregate.GoodputMbps ?? uploads.Aggregate.AggregateMbps;
        if (upstreamMbps is { } shared && aggregate > shared * (1 + Allowance))
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"Measured an upload aggregate of {aggregate:0.##} Mbit/s through a router whose upstream is shaped to {shared:0.##} Mbit/s: ") + Untrusted);
        }
    }
}
