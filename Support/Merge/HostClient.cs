namespace NetnsBdd.Support.Merge;

/// <summary>One client of one host's scenario, as its results.json recorded it.</summary>
/// <param name="FirstByte">Its first response byte (UTC); null when none came.</param>
/// <param name="Mbps">Its average rate over its own duration; what Jain's index is taken over (0 for a failed client).</param>
public sealed record HostClient(string Host, string Namespace, bool Success, bool Interrupted, long Bytes, double Mbps, DateTimeOffset StartedAt, DateTimeOffset? FirstByte, DateTimeOffset EndedAt)
{
    /// <summary>Its own 100 ms series (results.json's clientThroughputOverTime), on the UTC clock.</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End, double Mbps)> Throughput { get; init; } = [];

    /// <summary>The share it counts with in the fairness index, as the suite's own aggregate counts it.</summary>
    public double FairShareMbps => Success || Interrupted ? Mbps : 0;
}
