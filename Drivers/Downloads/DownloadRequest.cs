namespace NetnsBdd.Drivers.Downloads;

/// <summary>What every client downloads, and within how long.</summary>
public sealed record DownloadRequest
{
    public DownloadRequest(Uri url, TimeSpan timeout)
    {
        Url = url;
        Timeout = timeout;
    }

    public Uri Url { get; }

    /// <summary>The limit handed to coreutils `timeout`; a client still running then is interrupted.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How long after the timeout's SIGTERM a client that ignores it is killed (`timeout --kill-after`).</summary>
    public TimeSpan KillAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Which way the clients move bytes: each client downloads <see cref="Url"/>, uploads to <see cref="UploadUrl"/>, or
    /// (<see cref="LoadDirection.Both"/>) does both at once, every transfer released by the same start gate.
    /// </summary>
    public LoadDirection Load { get; init; } = LoadDirection.Download;

    /// <summary>Where uploads are POSTed (the lab server's upload path, or Download:UploadUrl); null without uploads.</summary>
    public Uri? UploadUrl { get; init; }

    /// <summary>
    /// The file every client POSTs, one for all clients (made by <see cref="UploadFile"/> in the run's scratch folder
    /// and removed with it); its length is the upload's size. Null without uploads.
    /// </summary>
    public string? UploadFilePath { get; init; }

    /// <summary>The engine that moves the bytes (Download:Engine, or a scenario's choice).</summary>
    public DownloadEngineKind Engine { get; init; } = DownloadEngineKind.Wget;

    /// <summary>
    /// The address family every transfer must use (wget --inet6-only / --inet4-only; the native engine connects to an
    /// address of it); null: whatever the URL's host resolves to first.
    /// </summary>
    public System.Net.Sockets.AddressFamily? Family { get; init; }

    /// <summary>The CA that signed an https server's certificate (the lab's own); certificates are always checked.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>The file size when known, to tell a complete transfer from a short one.</summary>
    public long? ExpectedBytes { get; init; }

    /// <summary>
    /// The wall-clock instant (UTC) the clients are released at, the same on every host of a fleet (Download:StartAt);
    /// null releases them as soon as they are ready.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>True when <see cref="StartAt"/> is this host's own (no other host shares it): its clock need not be synchronised.</summary>
    public bool StartAtIsLocal { get; init; }

    /// <summary>Where <see cref="StartAt"/> came from (a setting, a step), for the errors that name it.</summary>
    public string StartAtSource { get; init; } = "Download:StartAt";

    /// <summary>Called once just before the clients are released (see <see cref="StartGate.BeforeRelease"/>).</summary>
    public Action? BeforeRelease { get; init; }

    /// <summary>
    /// Fails with a message naming the bad value and the fix. Runs before any client starts, so a bad URL or
    /// timeout never leaves half a run behind.
    /// </summary>
    public void Validate()
    {
        if (Load.HasDownload())
        {
            CheckUrl(Url, "Download URL", "Download:Url in appsettings.json or NBDD_Download__Url", "downloaded");
        }

        if (Load.HasUpload())
        {
            if (UploadUrl is null)
            {
                throw new ArgumentException(
                    $"The {Load.JsonName()} load uploads, but no upload URL is given: set Download:UploadUrl (uplink mode: any HTTP server that accepts a POST and discards it), or run the embedded lab, whose server takes uploads.");
            }

            CheckUrl(UploadUrl, "Upload URL", "Download:UploadUrl", "uploaded to");
            if (UploadFilePath is null)
            {
                throw new ArgumentException($"The {Load.JsonName()} load uploads, but no upload file is given: make one with UploadFile.CreateAsync in the run's scratch folder.");
            }

            if (!File.Exists(UploadFilePath))
            {
                throw new FileNotFoundException(
                    $"Upload file '{UploadFilePath}' does not exist; it is made in the run's scratch folder before the upload (was the lab torn down first?).",
                    UploadFilePath);
            }
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(24))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Timeout), Timeout,
                $"Download timeout {Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s is out of range; give a value above 0 and at most 24 h (Download:TimeoutSeconds).");
        }

        if (KillAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(KillAfter), KillAfter, "KillAfter must be above 0.");
        }

        if (CaCertificatePath is not null && !File.Exists(CaCertificatePath))
        {
            throw new FileNotFoundException(
                $"CA certificate '{CaCertificatePath}' for the https download does not exist; start the lab's https server first or fix the path.",
                CaCertificatePath);
        }

        if (ExpectedBytes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ExpectedBytes), ExpectedBytes, "ExpectedBytes cannot be negative.");
        }
    }

    private static void CheckUrl(Uri url, string what, string setting, string verb)
    {
        var text = url.OriginalString;
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException(
                $"{what} '{text}' is not absolute: give a full http:// or https:// URL ({setting}).");
        }

        if (url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException(
                $"{what} '{text}' uses the '{url.Scheme}' scheme; only http and https can be {verb} by the clients.");
        }

        if (text.Any(char.IsWhiteSpace) || text.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"{what} '{text}' contains white space or control characters; percent-encode them (e.g. %20 for a space).");
        }
    }
}
