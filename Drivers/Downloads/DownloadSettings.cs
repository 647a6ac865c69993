using System.Globalization;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>`Download` section: what every client downloads by default.</summary>
public sealed class DownloadSettings
{
    public const string SectionPath = "Download";

    /// <summary>An http(s) URL; empty means the embedded lab's own server.</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// Uplink mode: where every client POSTs its upload through the real router: any http(s) server that accepts a
    /// POST and discards the body after reading all of it (an nginx <c>location /upload</c> proxied to a <c>return 204</c>
    /// server: a bare <c>return 204</c> answers before the body is read, and wget then ends early); empty
    /// means the embedded lab's own server (uploads are then refused in uplink mode, naming this key).
    /// </summary>
    public string UploadUrl { get; set; } = "";

    /// <summary>
    /// Uplink mode: the file the clients fetch when the download uses IPv6 (a bracketed IPv6 literal, or a name with an
    /// AAAA record), for a server whose IPv4 URL (<see cref="Url"/>) holds an IPv4 address; empty: <see cref="Url"/>'s
    /// name is resolved for IPv6.
    /// </summary>
    public string Ipv6Url { get; set; } = "";

    /// <summary>Size of the lab server's file, in bytes (ignored when <see cref="Url"/> is set).</summary>
    public long FileSizeBytes { get; set; } = 64L * 1024 * 1024;

    public double TimeoutSeconds { get; set; } = 60;

    /// <summary>Serve the lab file over https (with the lab's own CA) instead of http.</summary>
    public bool Https { get; set; }

    /// <summary>
    /// What moves the clients' bytes: "Wget" (default, wget per client) or "Native" (the in-process engine). Text, not
    /// the enum, so a bad value is reported with the choices by <see cref="Validate"/> rather than by the binder.
    /// </summary>
    public string Engine { get; set; } = nameof(Drivers.Downloads.DownloadEngineKind.Wget);

    /// <summary>
    /// The wall-clock instant every host of a fleet releases its clients at, ISO-8601 with its offset (e.g.
    /// <c>2026-12-02T03:00:00Z</c>); empty starts as soon as the clients are ready.
    /// </summary>
    public string StartAt { get; set; } = "";

    /// <summary>
    /// With <see cref="StartAt"/>: the k-th scenario of a run (from 0) starts at StartAt + k × this, the same on every
    /// host; longer than the longest scenario (lab set-up, download, teardown). 0: only the first scenario can start at StartAt.
    /// </summary>
    public double StartPeriodSeconds { get; set; }

    /// <summary><see cref="StartAt"/> parsed; null when empty or not an instant (<see cref="Validate"/> reports that).</summary>
    public DateTimeOffset? StartAtInstant =>
        StartAt.Length > 0 && Drivers.Scheduling.ScheduledStart.TryParse(StartAt, out var at) ? at : null;

    /// <summary><see cref="Engine"/> as the enum (Wget when it is not one: <see cref="Validate"/> reports that).</summary>
    public Drivers.Downloads.DownloadEngineKind EngineKind =>
        Enum.TryParse<Drivers.Downloads.DownloadEngineKind>(Engine, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : Drivers.Downloads.DownloadEngineKind.Wget;

    /// <returns>One sentence per problem, naming the setting, the value and what it should be; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Url.Length > 0
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || Url.Any(char.IsWhiteSpace)))
        {
            problems.Add($"{SectionPath}:Url is '{Url}'; use an absolute http:// or https:// URL without spaces, or leave it empty for the lab's own server.");
        }

        if (UploadUrl.Length > 0
            && (!Uri.TryCreate(UploadUrl, UriKind.Absolute, out var upload) || upload.Scheme is not ("http" or "https") || UploadUrl.Any(char.IsWhiteSpace)))
        {
            problems.Add($"{SectionPath}:UploadUrl is '{UploadUrl}'; use an absolute http:// or https:// URL without spaces of a server that accepts a POST and discards it, or leave it empty for the lab's own server.");
        }

        if (Ipv6Url.Length > 0
            && (!Uri.TryCreate(Ipv6Url, UriKind.Absolute, out var six) || six.Scheme is not ("http" or "https") || Ipv6Url.Any(char.IsWhiteSpace) ||
                six.HostNameType == UriHostNameType.IPv4))
        {
            problems.Add($"{SectionPath}:Ipv6Url is '{Ipv6Url}'; use an absolute http:// or https:// URL whose host is a bracketed IPv6 address (http://[2001:db8::10]/file) or a name with an AAAA record, or leave it empty.");
        }

        if (FileSizeBytes is <= 0 or > 64L * 1024 * 1024 * 1024)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionPath}:FileSizeBytes is {FileSizeBytes}; use a size from 1 byte to 64 GiB."));
        }

        if (!(TimeoutSeconds > 0 && TimeoutSeconds <= 86400))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionPath}:TimeoutSeconds is {TimeoutSeconds}; use seconds above 0 and at most 86400."));
        }

        if (!Enum.TryParse<Drivers.Downloads.DownloadEngineKind>(Engine, ignoreCase: true, out var engine) || !Enum.IsDefined(engine)
            || int.TryParse(Engine, out _))
        {
            problems.Add($"{SectionPath}:Engine '{Engine}' is unknown; use Wget or Native.");
        }

        if (!(StartPeriodSeconds >= 0 && StartPeriodSeconds <= 86400))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionPath}:StartPeriodSeconds is {StartPeriodSeconds}; use seconds from 0 to 86400 (longer than the longest scenario, so each scenario of a run gets its own start instant)."));
        }

        if (StartAt.Length > 0 && StartAtInstant is null)
        {
            problems.Add($"{SectionPath}:StartAt is '{StartAt}'; give a UTC instant in ISO-8601 with its offset, e.g. 2026-12-02T03:00:00Z (a time without Z or +hh:mm would be read in each host's own time zone), or leave it empty to start at once.");
        }
        else if (StartAtInstant is { } at && at <= DateTimeOffset.UtcNow)
        {
            problems.Add($"{SectionPath}:StartAt {Drivers.Scheduling.ScheduledStart.Format(at)} has passed (now {Drivers.Scheduling.ScheduledStart.Format(DateTimeOffset.UtcNow)}); give an instant in the future, or leave it empty to start at once.");
        }

        return problems;
    }
}
