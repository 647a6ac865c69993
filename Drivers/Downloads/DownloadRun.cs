using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>Every client's result of one parallel download, and the aggregate beside them.</summary>
public sealed record DownloadRun(DownloadRequest Request, IReadOnlyList<ClientDownloadResult> Results, DownloadAggregate Aggregate)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// When the clients were released: the gated clients' start (the gate's release), else the first client's.
    /// </summary>
    public DateTimeOffset ReleasedAt => Results.Where(r => r.Gated).Select(r => r.StartedAt).DefaultIfEmpty(Aggregate.FirstStart).Min();

    /// <summary>Seconds from <see cref="DownloadRequest.StartAt"/> to the actual release (positive: late); null without a start instant.</summary>
    public double? StartErrorSeconds => Request.StartAt is { } at ? Math.Round((ReleasedAt - at).TotalSeconds, 6) : null;

    public ClientDownloadResult this[string namespaceName] =>
        Results.FirstOrDefault(r => r.Namespace == namespaceName)
        ?? throw new KeyNotFoundException($"No download result for namespace '{namespaceName}'.");

    /// <summary>
    /// `{"url": ..., "timeoutSeconds": ..., "clients": {"ns1": {"success": true, "duration": 2.314, "interrupted":
    /// false, "stdout": "", "stderr": "", ...}}, "aggregate": {...}}`: the seed's per-namespace shape under
    /// "clients", the aggregate beside it.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            url = Request.Url.AbsoluteUri,
            timeoutSeconds = Request.Timeout.TotalSeconds,
            startAt = Request.StartAt is { } at
                ? new { intended = Scheduling.ScheduledStart.Format(at), released = Scheduling.ScheduledStart.Format(ReleasedAt), errorSeconds = StartErrorSeconds }
                : null,
            clients = Results.ToDictionary(r => r.Namespace, r => r),
            aggregate = Aggregate,
        },
        Json);
}
