using System.Globalization;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// What the clients will download in this scenario: the configured defaults, changed by Given steps; the lab turns it
/// into the one <see cref="DownloadRequest"/> every load of the scenario uses (<see cref="Lab.LabDriver.RequestForAsync"/>). A step's value is
/// checked when the step runs, against the same bounds as the configuration, so a bad one fails that step before
/// any client starts.
/// </summary>
public sealed class DownloadPlan(DownloadSettings settings)
{
    private long _fileSizeBytes = settings.FileSizeBytes;
    private double _timeoutSeconds = settings.TimeoutSeconds;

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

    public bool Https { get; set; } = settings.Https;

    /// <summary>Uplink mode: the file to fetch through the real router (Download:Url); the embedded lab uses its own server.</summary>
    public string Url { get; } = settings.Url;

    /// <summary>Uplink mode: the file IPv6 downloads fetch (Download:Ipv6Url); empty: <see cref="Url"/> resolved for IPv6.</summary>
    public string Ipv6Url { get; } = settings.Ipv6Url;

    /// <summary>
    /// The address family every transfer of the scenario uses ("the download uses IPv6/IPv4"); null: the URL decides
    /// (the lab's own server: IPv4).
    /// </summary>
    public System.Net.Sockets.AddressFamily? Family { get; set; }

    /// <summary>Uplink mode: where uploads are POSTed through the real router (Download:UploadUrl); empty in the embedded lab.</summary>
    public string UploadUrl { get; } = settings.UploadUrl;

    /// <summary>The engine this scenario's clients download with (Download:Engine unless a step chose).</summary>
    public DownloadEngineKind Engine { get; set; } = settings.EngineKind;

    /// <summary>The instant the clients are released at (Download:StartAt unless a step set it); null: when ready.</summary>
    public DateTimeOffset? StartAt { get; set; } = settings.StartAtInstant;

    /// <summary>Where <see cref="StartAt"/> came from, for the errors that name it.</summary>
    public string StartAtSource { get; set; } = "Download:StartAt";

    /// <summary>Sets <see cref="StartAt"/> from a step's text, refusing what is not an ISO-8601 instant with its offset.</summary>
    /// <remarks>"now + N s" is this host's own clock N seconds after the step: for trying the start on one host, so
    /// no other host's clock must agree and the synchronisation check is not made for it.</remarks>
    public void StartAtFrom(string text)
    {
        var relative = System.Text.RegularExpressions.Regex.Match(text, @"^\s*now\s*\+\s*(\d{1,5}(?:\.\d+)?)\s*s\s*$");
        if (relative.Success)
        {
            StartAt = DateTimeOffset.UtcNow.AddSeconds(double.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture));
            StartAtIsLocal = true;
            StartAtSource = $"the step's start instant '{text.Trim()}'";
            return;
        }

        StartAt = Scheduling.ScheduledStart.TryParse(text, out var at)
            ? at
            : throw new ArgumentException(
                $"The start instant '{text}' is not an ISO-8601 instant with its offset; write it like 2026-12-02T03:00:00Z (UTC), or \"now + 10 s\" to try it on one host. A time without Z or +hh:mm would be read in each host's own time zone.");
        StartAtIsLocal = false;
        StartAtSource = "the step's start instant";
    }

    /// <summary>True for a "now + N s" instant: only this host's clock counts, so it need not be synchronised.</summary>
    public bool StartAtIsLocal { get; private set; }

    /// <summary>Ask for a path the server does not have (a 404).</summary>
    public bool MissingFile { get; set; }

    private static T Checked<T>(DownloadSettings candidate, T value, string what) =>
        candidate.Validate() is [var problem, ..]
            ? throw new ArgumentOutOfRangeException(nameof(value), value, $"{what} is not allowed: {problem}")
            : value;
}
