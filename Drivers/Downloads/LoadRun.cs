namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// One parallel load's two halves: the downloads and the uploads, each a <see cref="DownloadRun"/> of its own clients'
/// results (one per client namespace) and aggregate; a half the load did not have is null.
/// </summary>
public sealed record LoadRun(LoadDirection Load, DownloadRun? Download, DownloadRun? Upload)
{
    /// <summary>Every transfer of the load, downloads first.</summary>
    public IEnumerable<ClientDownloadResult> AllResults =>
        (Download?.Results ?? []).Concat(Upload?.Results ?? []);
}
