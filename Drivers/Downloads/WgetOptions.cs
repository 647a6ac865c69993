namespace NetnsBdd.Drivers.Downloads;

/// <summary>Knobs of the wget engine.</summary>
public sealed record WgetOptions
{
    /// <summary>
    /// Bytes per progress dot: the resolution of the byte count of a transfer killed by the timeout (a completed or
    /// broken one gets wget's exact figure, "saved [N]" or "Read error at byte N"). A dot is one write by wget to its
    /// tmpfs log (see WgetLog). Measured on the 2-core VM, 50 clients x 64 MiB unshaped, against the same 50 wget
    /// started bare (`-q`) just before: 8 KiB dots 0.985 and 1.001 of bare, 1 KiB dots 0.967 and 0.977 (wget CPU
    /// 6.4 s vs 7.0 s, bare 5.2-5.5 s). Through a pipe instead of a file, 8 KiB dots had cost 0.71 of bare.
    /// </summary>
    public long DotBytes { get; init; } = 8 * 1024;

    /// <summary>Characters of stdout/stderr kept per client (head and tail).</summary>
    public int MaxOutputChars { get; init; } = 8 * 1024;
}
