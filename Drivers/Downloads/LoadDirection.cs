namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// The load a parallel run puts on the router: every client downloads, every client uploads, or every client runs one
/// download and one upload at the same instant (both released by one start gate). The latency figures are named after
/// it (download-loaded, upload-loaded, both-loaded), as the Waveform bufferbloat test reports them.
/// </summary>
public enum LoadDirection
{
    Download,
    Upload,
    Both,
}

public static class LoadDirections
{
    /// <summary>True when the load has a download half.</summary>
    public static bool HasDownload(this LoadDirection load) => load is LoadDirection.Download or LoadDirection.Both;

    /// <summary>True when the load has an upload half.</summary>
    public static bool HasUpload(this LoadDirection load) => load is LoadDirection.Upload or LoadDirection.Both;

    /// <summary>Lower case, as results.json and the log name it ("download", "upload", "both").</summary>
    public static string JsonName(this LoadDirection load) => load.ToString().ToLowerInvariant();
}
