namespace NetnsBdd.Drivers.Downloads;

/// <summary>Knobs of the wget engine.</summary>
public sealed record WgetOptions
{
    /// <summary>
    /// Bytes per progress dot: the resolution of the byte count of a transfer killed by the timeout (a completed or
    /// broken one gets wget's exact figure). Smaller is more precise and costs wget one write per dot.
    /// </summary>
    public long DotBytes { get; init; } = 8 * 1024;

    /// <summary>Characters of stdout/stderr kept per client (head and tail).</summary>
    public int MaxOutputChars { get; init; } = 8 * 1024;
}
