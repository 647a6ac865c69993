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
            clients = Results.ToDictionary(r => r.Namespace, r => r),
            aggregate = Aggregate,
        },
        Json);
}
