using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// One client's cumulative byte count over time, on the scenario's clock: <paramref name="StartSeconds"/> after the
/// first client started, each point's elapsed time counted from this client's own start.
/// </summary>
public sealed record ClientProgress(double StartSeconds, IReadOnlyList<TransferProgress> Points)
{
    /// <summary>
    /// The client's progress with its final count appended when the progress output stopped short of it: dot
    /// progress undercounts by up to a dot, and an engine without progress output still gets its average.
    /// </summary>
    public static ClientProgress From(ClientDownloadResult result, DateTimeOffset origin)
    {
        // Lines read in one poll of a log share its instant: keep the last of them, so the poll's whole delta is spread
        // over the time since the previous poll rather than dumped into the bucket of that instant.
        var points = new List<TransferProgress>(result.Progress.Count);
        foreach (var point in result.Progress)
        {
            if (points.Count > 0 && points[^1].Elapsed == point.Elapsed)
            {
                points[^1] = point with { Bytes = Math.Max(points[^1].Bytes, point.Bytes) };
            }
            else
            {
                points.Add(point);
            }
        }

        var end = TimeSpan.FromSeconds(result.Duration);
        var last = points.Count > 0 ? points[^1] : new TransferProgress(TimeSpan.Zero, 0);
        if (result.Bytes > last.Bytes && end >= last.Elapsed)
        {
            points.Add(new TransferProgress(end, result.Bytes));
        }

        return new ClientProgress((result.StartedAt - origin).TotalSeconds, points);
    }
}
