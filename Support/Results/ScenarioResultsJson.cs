using System.Text.Json.Serialization;
using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Support.Results;

/// <summary>
/// One scenario's results.json. The download part keeps the seed's shape (url, timeoutSeconds, clients keyed by
/// namespace with success, duration, interrupted, stdout, stderr first, aggregate beside them); the scenario's other
/// sections sit beside it, each present only when the scenario got that far. Tests/Fixtures/Results pins the names.
/// </summary>
public sealed record ScenarioResultsJson
{
    public required string Scenario { get; init; }

    /// <summary>The scenario's outcome as the runner names it, e.g. "Passed" or "Failed".</summary>
    public required string Status { get; init; }

    public string? Host { get; init; }

    public string? Error { get; init; }

    /// <summary>The rate the shared link was shaped to (Mbit/s), whoever set it; each client's fair share is this over N.</summary>
    public double? ShapedRateMbps { get; init; }

    public LatencyJson? Latency { get; init; }

    public LabJson? Lab { get; init; }

    public SoakJson? Soak { get; init; }

    public string? Url { get; init; }

    public double? TimeoutSeconds { get; init; }

    public StartAtJson? StartAt { get; init; }

    public IReadOnlyDictionary<string, ClientDownloadResult>? Clients { get; init; }

    public DownloadAggregate? Aggregate { get; init; }

    /// <summary>All clients' Mbit/s per bucket of <see cref="ThroughputBucketSeconds"/>, seconds from the first client's start.</summary>
    public IReadOnlyList<ThroughputBucketJson>? ThroughputOverTime { get; init; }

    public double? ThroughputBucketSeconds { get; init; }

    /// <summary>Each client's Mbit/s per bucket: its i-th value is <see cref="ThroughputOverTime"/>'s bucket i.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? ClientThroughputOverTime { get; init; }

    /// <summary>The uploads of the scenario's load, in the download part's shape; absent when nothing was uploaded.</summary>
    public UploadJson? Upload { get; init; }

    /// <summary>Charts that could not be drawn, each with its reason; absent when every chart was drawn.</summary>
    public IReadOnlyList<string>? ReportProblems { get; init; }
}

/// <summary>
/// results.json's "upload": the upload URL, the rate the router's upstream was shaped to, each client's upload (the
/// download clients' shape, with "direction": "upload" and the acknowledged bytes where the engine reads them), their
/// aggregate and the throughput series, as the download part has them.
/// </summary>
public sealed record UploadJson
{
    public required string Url { get; init; }

    public double? UpstreamShapedRateMbps { get; init; }

    /// <summary>True when the router sent pure TCP ACKs ahead of its upstream queues; absent when it did not.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool UpstreamAckPriority { get; init; }

    public required IReadOnlyDictionary<string, ClientDownloadResult> Clients { get; init; }

    public required DownloadAggregate Aggregate { get; init; }

    public IReadOnlyList<ThroughputBucketJson>? ThroughputOverTime { get; init; }

    public double? ThroughputBucketSeconds { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<double>>? ClientThroughputOverTime { get; init; }
}

/// <summary>The start instant the clients were held for and when the gate let them go (UTC, ms), error = released - intended.</summary>
public sealed record StartAtJson(string Intended, string Released, double? ErrorSeconds);

/// <summary>One bucket of the aggregate throughput series: seconds from the first client's start, Mbit/s of payload.</summary>
public sealed record ThroughputBucketJson(double StartSeconds, double EndSeconds, double Mbps);
