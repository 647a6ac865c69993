namespace NetnsBdd.Drivers.Downloads;

/// <summary>Knobs of the wget engine.</summary>
public sealed record WgetOptions
{
    /// <summary>
    /// Bytes per progress dot: the resolution of the byte count of a transfer killed by the timeout (a completed or
    /// broken one gets wget's exact figure, "saved [N]" or "Read error at byte N"). A dot is one unbuffered write by
    /// wget and one pipe wake-up of the reader here, so the cost grows with throughput / dot size. Measured on the
    /// 2-core VM, 50 clients x 64 MiB unshaped: 8 KiB dots 3528 Mbit/s with 6.7 s of wget CPU, 1 KiB dots 1395 Mbit/s
    /// with 13.0 s: far from negligible when the CPU is the bottleneck, so 8 KiB stays the default. On a shaped link
    /// (a few Mbit/s per client) 1 KiB dots cost a few hundred writes a second; choose them when an interrupted
    /// client's bytes must be known to better than 8 KiB (e.g. within 1 % of a few hundred KB).
    /// </summary>
    public long DotBytes { get; init; } = 8 * 1024;

    /// <summary>Characters of stdout/stderr kept per client (head and tail).</summary>
    public int MaxOutputChars { get; init; } = 8 * 1024;
}
