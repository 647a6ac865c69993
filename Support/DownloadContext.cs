using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Support;

/// <summary>The scenario's download results, shared between the step that runs them and the steps that judge them.</summary>
public sealed class DownloadContext
{
    private DownloadRun? _run;

    public DownloadRun Run
    {
        get => _run ?? throw new InvalidOperationException(
            "No download has run in this scenario: add \"When all clients start parallel download\" before this step.");
        set => _run = value;
    }

    public DownloadRun? RunOrNull => _run;
}
