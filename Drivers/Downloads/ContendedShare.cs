namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// Fairness while every client was downloading at once. Jain's index over whole-download averages also measures the
/// start spread: a client that starts a few hundred ms early has the link to itself and finishes faster, which says
/// nothing about how the router shares. Over the window from the last client's first response to the first client's
/// end, each client's bytes are read off its progress points (linearly between them), so only sharing counts.
/// </summary>
public static class ContendedShare
{
    /// <summary>Below this the window is too short for TCP to have settled; no index is given.</summary>
    public static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(1);

    public static (double? Seconds, double? Fairness) Of(IReadOnlyList<ClientDownloadResult> results)
    {
        var active = results.Where(r => r.Success || r.Interrupted).ToArray();
        if (active.Length == 0 || active.Any(r => r.TimeToResponse is null))
        {
            return (null, null);
        }

        var from = active.Max(r => r.StartedAt.AddSeconds(r.TimeToResponse!.Value));
        var to = active.Min(r => r.EndedAt);
        var window = to - from;
        if (window < MinimumWindow)
        {
            return (Math.Max(0, Math.Round(window.TotalSeconds, 3)), null);
        }

        // A client that failed counts as 0, as in the whole-run index.
        var shares = results.Select(r => r.Success || r.Interrupted ? BytesAt(r, to) - BytesAt(r, from) : 0).ToArray();
        return (Math.Round(window.TotalSeconds, 3), Math.Round(DownloadAggregate.JainIndex(shares), 4));
    }

    /// <summary>Bytes <paramref name="result"/> had at <paramref name="moment"/>, interpolated between its progress points.</summary>
    public static double BytesAt(ClientDownloadResult result, DateTimeOffset moment)
    {
        var elapsed = (moment - result.StartedAt).TotalSeconds;
        var previous = (Seconds: 0.0, Bytes: 0.0);
        foreach (var point in result.Progress.Select(p => (Seconds: p.Elapsed.TotalSeconds, Bytes: (double)p.Bytes))
                     .Append((result.Duration, result.Bytes)))
        {
            if (elapsed <= point.Seconds)
            {
                var span = point.Seconds - previous.Seconds;
                return span <= 0 ? point.Bytes : previous.Bytes + (point.Bytes - previous.Bytes) * (elapsed - previous.Seconds) / span;
            }

            previous = point;
        }

        return result.Bytes;
    }
}
