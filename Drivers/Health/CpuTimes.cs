namespace NetnsBdd.Drivers.Health;

/// <summary>One read of <c>/proc/stat</c>: the aggregate line and each core's line, by core number.</summary>
public sealed record CpuTimes(CpuTicks Total, IReadOnlyList<CoreTicks> Cores);
