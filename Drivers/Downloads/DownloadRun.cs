namespace NetnsBdd.Drivers.Downloads;

/// <summary>Every client's result of one parallel download, and the aggregate beside them.</summary>
public sealed record DownloadRun(DownloadRequest Request, IReadOnlyList<ClientDownloadResult> Results, DownloadAggregate Aggregate)
{
    /// <summary>
    /// When the clients were released: the gated clients' start (the gate's release), else the first client's.
    /// </summary>
    public DateTimeOffset ReleasedAt => Results.Where(r => r.Gated).Select(r => r.StartedAt).DefaultIfEmpty(Aggregate.FirstStart).Min();

    /// <summary>Seconds from <see cref="DownloadRequest.StartAt"/> to the actual release (positive: late); null without a start instant.</summary>
    public double? StartErrorSeconds => Request.StartAt is { } at ? Math.Round((ReleasedAt - at).TotalSeconds, 6) : null;

    public ClientDownloadResult this[string namespaceName] =>
        Results.FirstOrDefault(r => r.Namespace == namespaceName)
        ?? throw new KeyNotFoundException($"No download result for namespace '{namespaceName}'.");

    /// <summary>Each client's one-line summary, for assertion messages (results.json has the whole record).</summary>
    public string Describe() => string.Join(Environment.NewLine, Results.Select(r => r.Summary));
}
