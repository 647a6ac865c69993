namespace NetnsBdd.Support.Reports;

/// <summary>Throughput summed over all clients between two instants of the scenario's clock.</summary>
public sealed record ThroughputBucket(double StartSeconds, double EndSeconds, double Mbps);
