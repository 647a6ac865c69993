using NetnsBdd.Support.Settings;

namespace NetnsBdd.Support;

/// <summary>What the clients will download in this scenario: the configured defaults, changed by Given steps.</summary>
public sealed class DownloadPlan(SuiteSettings settings)
{
    public long FileSizeBytes { get; set; } = settings.Download.FileSizeBytes;

    public double TimeoutSeconds { get; set; } = settings.Download.TimeoutSeconds;

    public bool Https { get; set; } = settings.Download.Https;

    /// <summary>Ask for a path the server does not have (a 404).</summary>
    public bool MissingFile { get; set; }
}
