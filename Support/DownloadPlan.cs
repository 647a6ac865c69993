using System.Globalization;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Support;

/// <summary>
/// What the clients will download in this scenario: the configured defaults, changed by Given steps. A step's value is
/// checked when the step runs, against the same bounds as the configuration, so a bad one fails that step before
/// any client starts.
/// </summary>
public sealed class DownloadPlan(SuiteSettings settings)
{
    private long _fileSizeBytes = settings.Download.FileSizeBytes;
    private double _timeoutSeconds = settings.Download.TimeoutSeconds;

    public long FileSizeBytes
    {
        get => _fileSizeBytes;
        set => _fileSizeBytes = Checked(new DownloadSettings { FileSizeBytes = value }, value,
            string.Create(CultureInfo.InvariantCulture, $"A file of {value} bytes"));
    }

    public double TimeoutSeconds
    {
        get => _timeoutSeconds;
        set => _timeoutSeconds = Checked(new DownloadSettings { TimeoutSeconds = value }, value,
            string.Create(CultureInfo.InvariantCulture, $"A download timeout of {value} s"));
    }

    public bool Https { get; set; } = settings.Download.Https;

    /// <summary>The engine this scenario's clients download with (Download:Engine unless a step chose).</summary>
    public Drivers.Downloads.DownloadEngineKind Engine { get; set; } = settings.Download.EngineKind;

    /// <summary>Ask for a path the server does not have (a 404).</summary>
    public bool MissingFile { get; set; }

    private static T Checked<T>(DownloadSettings candidate, T value, string what) =>
        candidate.Validate() is [var problem, ..]
            ? throw new ArgumentOutOfRangeException(nameof(value), value, $"{what} is not allowed: {problem}")
            : value;
}
