namespace NetnsBdd.Support.Reports;

/// <summary>One client's bar on the per-client throughput chart, in megabits (10^6) per second.</summary>
public sealed record ThroughputBar(string Client, double Mbps, ClientOutcome Outcome);
