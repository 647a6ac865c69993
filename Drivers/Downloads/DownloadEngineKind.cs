namespace NetnsBdd.Drivers.Downloads;

/// <summary>Which engine moves the clients' bytes (`Download:Engine`).</summary>
public enum DownloadEngineKind
{
    /// <summary>GNU wget per client under coreutils timeout: what a real device runs; CPU-bound near 5-7 Gbit/s on 2 cores.</summary>
    Wget,

    /// <summary>A socket per client made inside its namespace and read in this process: a fraction of wget's CPU.</summary>
    Native,
}
