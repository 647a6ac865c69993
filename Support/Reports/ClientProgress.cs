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
        var points = result.Progress.ToList();
        var end = TimeSpan.FromSeconds(result.Duration);
        var last = points.Count > 0 ? points[^1] : new TransferProgress(TimeSpan.Zero, 0);
        if (result.Bytes > last.Bytes && end >= last.Elapsed)
        {
            points.Add(new TransferProgress(end, result.Bytes));
        }

        return new ClientProgress((result.StartedAt - origin).TotalSeconds, points);
    }
}
