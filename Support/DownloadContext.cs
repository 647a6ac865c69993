using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Support;

/// <summary>
/// The scenario's transfer results, shared between the step that runs them and the steps that judge them: the download
/// half (<see cref="Run"/>, what the download checks judge, also in a load both ways) and the upload half
/// (<see cref="Upload"/>).
/// </summary>
public sealed class DownloadContext
{
    private DownloadRun? _run;
    private DownloadRun? _upload;

    /// <summary>The downloads of the scenario's load.</summary>
    public DownloadRun Run
    {
        get => _run ?? throw new InvalidOperationException(_upload is null
            ? "No download has run in this scenario: add \"When all clients start parallel download\" before this step."
            : "This scenario's load had no download half (\"When all clients start parallel upload\"): judge it with the upload steps, or use \"When all clients download and upload at once\".");
        set => _run = value;
    }

    public DownloadRun? RunOrNull => _run;

    /// <summary>The uploads of the scenario's load.</summary>
    public DownloadRun Upload => _upload ?? throw new InvalidOperationException(
        "No upload has run in this scenario: add \"When all clients start parallel upload\" or \"When all clients download and upload at once\" before this step.");

    public DownloadRun? UploadOrNull => _upload;

    /// <summary>The whole load, both halves; null until one ran.</summary>
    public LoadRun? Load { get; private set; }

    public void Record(LoadRun load)
    {
        ArgumentNullException.ThrowIfNull(load);
        Load = load;
        _run = load.Download;
        _upload = load.Upload;
    }
}
