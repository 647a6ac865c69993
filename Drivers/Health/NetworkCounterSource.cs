namespace NetnsBdd.Drivers.Health;

/// <summary>
/// A <c>net/dev</c>-format file to read interface byte counters from, and which interfaces.
/// To watch a lab namespace, point <see cref="NetDevPath"/> at
/// <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/net/dev</c> of a thread living in it; for the host, <c>/proc/net/dev</c>.
/// </summary>
/// <param name="Name">Label used in the series and exports, e.g. <c>router-wan</c>.</param>
public sealed record NetworkCounterSource(string Name, string NetDevPath, IReadOnlyList<string> Interfaces)
{
    /// <summary>
    /// A sysfs <c>class/net</c> folder showing the same namespace (e.g. <c>/sys/class/net</c> for the host's), to also
    /// record each interface's carrier; null when none is reachable (sysfs shows the namespace it was mounted in).
    /// </summary>
    public string? CarrierDirectory { get; init; }
}
