using System.Globalization;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Settings;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// One scenario's lab, as the steps see it: the clients (built by <see cref="NamespaceLab"/>), the download
/// server in the server namespace (embedded mode), the shaping and faults set so far, and the URL the clients fetch.
/// Created per scenario by injection and disposed at its end, which tears everything down. What it built stays inside:
/// callers ask the façade, so every knob and every reading has one way in.
/// </summary>
/// <param name="settings">The Lab section; a scenario's steps change its copy, never the configuration.</param>
/// <param name="latency">With Latency:Enabled the lab gets one more client that never downloads: the probes' view.</param>
public sealed class LabDriver(LabSettings settings, LatencySettings latency) : IAsyncDisposable
{
    private NamespaceLab? _lab;
    private DownloadServer? _server;
    private bool _uplinkRequested;
    private int? _dhcpLeaseSeconds;
    private string? _serverCongestionControl = settings.CongestionControl;

    /// <summary>
    /// Raised once <see cref="StartAsync"/> has built the lab, with the router namespace's counters to watch. An event
    /// rather than a reference to the scenario's health monitor, which the hooks own: they connect the two.
    /// </summary>
    public event Action<IReadOnlyList<NetworkCounterSource>>? RouterCountersReady;

    /// <summary>The router's counters as health sources once the lab is built; empty before, or without root.</summary>
    public IReadOnlyList<NetworkCounterSource> RouterCounters { get; private set; } = [];

    private NamespaceLab Lab => _lab ?? throw new InvalidOperationException(
        "The lab has not been built in this scenario: start it with a step like \"Given 10 clients\" before this one.");

    public bool IsBuilt => _lab is not null;

    public IReadOnlyList<LabClient> Clients => Lab.Clients;

    /// <summary>The client that never downloads (the latency probes' and the router watch's); null with Latency:Enabled=false.</summary>
    public LabClient? ProbeClient => Lab.ProbeClient;

    /// <summary>The embedded lab's ULA /48 for this scenario; null without IPv6 or in uplink mode.</summary>
    public UlaPrefix? Ipv6Prefix => Lab.Ipv6Prefix;

    /// <summary>Lab:Ipv6Addressing as configured (before a step chose the scenario's): what "dual-stack clients" use for IPv6.</summary>
    public Ipv6Addressing ConfiguredIpv6Addressing => settings.Ipv6Addressing;

    /// <summary>The lab's settings as built (the scenario's client count, addressing, mode, DHCP bounds).</summary>
    public LabSettings Settings => Lab.Settings;

    public LabMode Mode => Lab.Settings.Mode;

    /// <summary>Uplink mode: the host's port wired to the real router; null in embedded mode.</summary>
    public string? UplinkInterface => Lab.Settings.UplinkInterface;

    /// <summary>Uplink mode: how the clients were put on the router's LAN (Auto resolved); Bridge in embedded mode.</summary>
    public UplinkAttach Attach => Lab.Attach;

    /// <summary>Uplink mode: the host's port as it was before the lab touched it; null in embedded mode.</summary>
    public UplinkPort? UplinkBefore => Lab.UplinkBefore;

    /// <summary>The names of everything the lab made on the machine (namespaces, links), for checks that look at them.</summary>
    public LabNames Names => Lab.Names;

    public IReadOnlyList<string> ClientNamespaces => [.. Lab.Clients.Select(c => c.Namespace)];

    /// <summary>The embedded lab's server; null in uplink mode or once the scenario stopped it.</summary>
    public DownloadServer? Server => _server;

    /// <summary>
    /// The shaping in force, read from the shaper that applied it: a cap from configuration (Lab:DownstreamMbps, ...)
    /// and one from a step are judged, checked and reported alike. None before the lab is built.
    /// </summary>
    public LabShaping Shaping => _lab?.Shaping ?? LabShaping.None;

    /// <summary>The router's shared downstream cap in Mbit/s, as tc was told; null when unshaped.</summary>
    public double? DownstreamMbps => Shaping.DownstreamMbps;

    /// <summary>Each client's own cap in Mbit/s, as tc was told; null when unshaped or not the same for all.</summary>
    public double? PerClientMbps => Shaping.PerClientMbps;

    /// <summary>TCP payload of a full frame at MTU 1500 with timestamps (1448 of 1514 bytes): goodput through a tc rate.</summary>
    public const double PayloadShareOfFrame = 1448.0 / 1514;

    /// <summary>The same over IPv6, whose header is 20 bytes longer (1428 of 1514 bytes).</summary>
    public const double Ipv6PayloadShareOfFrame = 1428.0 / 1514;

    /// <summary>The payload share of a full frame for transfers of <paramref name="family"/> (null: IPv4).</summary>
    public static double PayloadShareOf(System.Net.Sockets.AddressFamily? family) =>
        family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Ipv6PayloadShareOfFrame : PayloadShareOfFrame;

    /// <summary>
    /// The rate the router delivers to the clients, in Mbit/s of frames: the embedded router's shaped downstream, or in
    /// uplink mode Lab:UplinkRateMbps (the real router's, as the user states it); null when unknown.
    /// </summary>
    public double? RouterRateMbps => _lab?.Settings.Mode == LabMode.Uplink ? settings.UplinkRateMbps : DownstreamMbps;

    /// <summary>Asks for the real router (uplink mode) for the next <see cref="StartAsync"/>.</summary>
    public void UseRealRouter()
    {
        if (_lab is not null)
        {
            throw new InvalidOperationException("Attach the clients to the real router before creating them.");
        }

        _uplinkRequested = true;
    }

    /// <summary>
    /// The embedded router's DHCP lease length for the next <see cref="StartAsync"/> (Lab:DhcpLeaseSeconds otherwise):
    /// short leases make a soak see renewals. Refused for a real router, whose own DHCP server sets its leases.
    /// </summary>
    public void SetDhcpLease(int seconds)
    {
        if (_lab is not null)
        {
            throw new InvalidOperationException("Set the router's DHCP lease length before creating the clients.");
        }

        if (_uplinkRequested || settings.Mode == LabMode.Uplink)
        {
            throw new InvalidOperationException(
                "The DHCP lease length is the real router's own setting in Uplink mode; set it on the router, or drop this step.");
        }

        _dhcpLeaseSeconds = seconds;
    }

    /// <summary>Builds the lab with <paramref name="clients"/> clients; the server starts with it in embedded mode.</summary>
    /// <remarks>A long, so a count beyond Int32 from a feature is still named in the error, not lost in a conversion.</remarks>
    public Task StartAsync(long clients, LabAddressing? addressing, CancellationToken cancellationToken) =>
        StartAsync(clients, addressing, null, cancellationToken);

    /// <summary>As above, with the clients' IPv6 addressing (Lab:Ipv6Addressing when null).</summary>
    public async Task StartAsync(long clients, LabAddressing? addressing, Ipv6Addressing? ipv6, CancellationToken cancellationToken)
    {
        if (clients is < 1 or > LabSettings.MaxClients)
        {
            throw new SettingsException([$"Lab:Clients is {clients}; use a number from 1 to {LabSettings.MaxClients}."]);
        }

        if (_lab is not null)
        {
            throw new InvalidOperationException(
                $"The lab already has {_lab.Clients.Count} clients in this scenario; a scenario builds one lab.");
        }

        var labSettings = settings with
        {
            Clients = (int)clients,
            Addressing = addressing ?? settings.Addressing,
            Ipv6Addressing = ipv6 ?? settings.Ipv6Addressing,
            Mode = _uplinkRequested ? LabMode.Uplink : settings.Mode,
            ProbeClient = latency.Enabled,
            DhcpLeaseSeconds = _dhcpLeaseSeconds ?? settings.DhcpLeaseSeconds,
        };
        var problems = labSettings.Validate();
        if (problems.Count > 0)
        {
            throw new SettingsException(problems);
        }

        _lab = await NamespaceLab.StartAsync(labSettings, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (_lab.Server is not null)
        {
            _server = WithCongestionControl(_lab.RegisterForTeardown(await DownloadServer.StartAsync(
                DownloadServerOptions.ForLab(_lab), cancellationToken).ConfigureAwait(false)));
        }

        // Parking a thread in the router takes setns in this process; a sudo-driven (non-root) uplink lab cannot, and
        // then simply has no lab counters rather than failing its scenario over a measurement.
        if (Privileges.IsRoot)
        {
            RouterCounters = await _lab.WatchRouterCountersAsync(cancellationToken).ConfigureAwait(false);
            RouterCountersReady?.Invoke(RouterCounters);
        }
    }

    public Task ShapeDownstreamAsync(double mbps, CancellationToken cancellationToken) =>
        Lab.SetDownstreamRateAsync(mbps, cancellationToken);

    /// <summary>
    /// Shapes the router's upstream (its egress toward the server) to <paramref name="mbps"/> of frames, shared by the
    /// clients with per-client fair queues; the downstream's shaping stays as it is. Embedded lab only.
    /// </summary>
    public Task ShapeUpstreamAsync(double mbps, CancellationToken cancellationToken) =>
        Lab.SetUpstreamRateAsync(mbps, cancellationToken);

    /// <summary>The router's upstream queue length in full frames, for the upstream cap's leaf queues (now or later).</summary>
    public Task SetUpstreamQueueLimitAsync(int packets, CancellationToken cancellationToken) =>
        Lab.SetUpstreamQueueLimitAsync(packets, cancellationToken);

    /// <summary>Pure TCP ACKs go ahead of the router's upstream queues (embedded lab), for the cap now or later.</summary>
    public Task PrioritiseUpstreamAcksAsync(CancellationToken cancellationToken) =>
        Lab.SetUpstreamAckPriorityAsync(true, cancellationToken);

    /// <summary>
    /// The rate the router forwards the clients' uploads at, in Mbit/s of frames: the embedded router's shaped
    /// upstream, or in uplink mode Lab:UplinkUpstreamRateMbps; null when unknown.
    /// </summary>
    public double? UpstreamRateMbps => _lab?.Settings.Mode == LabMode.Uplink ? settings.UplinkUpstreamRateMbps : Shaping.UpstreamMbps;

    /// <summary>The router's upstream queue length in full frames; null when left at the default.</summary>
    public int? UpstreamQueuePackets => Shaping.UpstreamQueuePackets;

    /// <summary>The router's downstream queue length in full frames; null when left at the default.</summary>
    public int? QueuePackets => Shaping.QueuePackets;

    public Task SetQueueLimitAsync(int packets, CancellationToken cancellationToken) =>
        Lab.SetQueueLimitAsync(packets, cancellationToken);

    /// <summary>
    /// The embedded lab server's TCP congestion control for the connections it accepts from now on, instead of
    /// Lab:CongestionControl; a server restarted later in the scenario keeps it.
    /// </summary>
    public void SetServerCongestionControl(string algorithm)
    {
        RequireServer().SetCongestionControl(algorithm);
        _serverCongestionControl = algorithm;
    }

    /// <summary>
    /// The embedded lab server's congestion control as last set (Lab:CongestionControl at build, or the step since);
    /// null in uplink mode (the real server's is not the suite's), or when left at the host's default.
    /// </summary>
    public string? ServerCongestionControl => _lab?.Server is null ? null : _serverCongestionControl;

    private DownloadServer WithCongestionControl(DownloadServer server)
    {
        if (!string.IsNullOrEmpty(_serverCongestionControl))
        {
            server.SetCongestionControl(_serverCongestionControl);
        }

        return server;
    }

    public Task LimitEachClientAsync(double mbps, CancellationToken cancellationToken) =>
        Lab.SetClientRateAsync(mbps, cancellationToken: cancellationToken);

    /// <summary>Adds delay and jitter to the router's downstream, keeping any loss in force (configured or set).</summary>
    public Task DelayAsync(TimeSpan delay, TimeSpan jitter, CancellationToken cancellationToken) =>
        Lab.SetImpairmentAsync(ImpairmentInForce with { Delay = delay, Jitter = jitter }, cancellationToken);

    /// <summary>Drops a share of the router's downstream packets, keeping any delay in force (configured or set).</summary>
    public Task DropAsync(double lossPercent, CancellationToken cancellationToken) =>
        Lab.SetImpairmentAsync(ImpairmentInForce with { LossPercent = lossPercent }, cancellationToken);

    private Impairment ImpairmentInForce => Shaping.Impairment ?? new Impairment(TimeSpan.Zero, TimeSpan.Zero, 0);

    public void SetServerFaults(ServerFaults faults) => RequireServer().Faults = faults;

    /// <summary>Stops the download server: its ports close, so clients meet a refused connection.</summary>
    public async Task StopServerAsync()
    {
        var server = RequireServer();
        _server = null;
        await server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// How to cause and end <paramref name="fault"/> on this lab, checked now: faults are the embedded lab's only (a
    /// real router is under test, not the suite's to break), and a server restart is refused over https (the restarted
    /// server would present a new CA the clients do not trust).
    /// </summary>
    public Soak.ScheduledFault Prepare(Soak.LabFault fault, DownloadPlan plan)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (Lab.Settings.Mode != LabMode.Embedded)
        {
            throw new InvalidOperationException(
                $"Fault '{fault}' can only be caused in the embedded lab: in Uplink mode the real router is under test and " +
                "the suite never breaks it. Drop the fault step for the real router (the router watch still reports what " +
                "happens on its own), or run the scenario with Lab:Mode=Embedded.");
        }

        return fault.Kind switch
        {
            Soak.LabFaultKind.LanLinkDown => new(fault, ct => Lab.SetLanLinkAsync(false, ct), ct => Lab.SetLanLinkAsync(true, ct)),
            Soak.LabFaultKind.ServerDown when plan.Https => throw new InvalidOperationException(
                $"Fault '{fault}' cannot be combined with https: the restarted server would have a new CA that the clients " +
                "were not given. Drop \"the download uses https\" for this scenario."),
            Soak.LabFaultKind.ServerDown => new(fault, _ => StopServerAsync(), RestartServerAsync),
            Soak.LabFaultKind.DhcpServerDown when !Lab.HasDhcpServer => throw new InvalidOperationException(
                $"Fault '{fault}' needs the router's DHCP server, which this lab does not run: create the clients with " +
                "\"N clients that get their address by DHCP\"."),
            Soak.LabFaultKind.DhcpServerDown => new(fault, _ => Lab.StopDhcpServerAsync(), Lab.StartDhcpServerAsync),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, $"Unknown fault {fault.Kind}."),
        };
    }

    /// <summary>Starts the lab's download server again after <see cref="StopServerAsync"/>, at the same address.</summary>
    public async Task RestartServerAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            return;
        }

        _server = WithCongestionControl(Lab.RegisterForTeardown(
            await DownloadServer.StartAsync(DownloadServerOptions.ForLab(Lab), cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>
    /// The download every client makes under <paramref name="plan"/>, whole: the embedded lab's own server (or in uplink
    /// mode the configured Download:Url: the embedded lab never sends traffic anywhere but its own namespaces), the
    /// timeout, the engine and the start instant. The one place a scenario's request is built, for a single load, a
    /// soak and a fleet's scheduled start alike; loads with uploads go through <see cref="RequestForAsync(DownloadPlan, LoadDirection, CancellationToken)"/>,
    /// which makes the file they post.
    /// </summary>
    public DownloadRequest RequestFor(DownloadPlan plan) => Build(plan, LoadDirection.Download, uploadFilePath: null);

    private DownloadRequest Build(DownloadPlan plan, LoadDirection load, string? uploadFilePath)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var uploadUrl = load.HasUpload() ? (Lab.Server is null ? UplinkUploadUrl(plan) : EmbeddedUploadUrl(plan, Lab.Server)) : null;
        var request = !load.HasDownload() ? new DownloadRequest(uploadUrl!, TimeSpan.FromSeconds(plan.TimeoutSeconds))
            : Lab.Server is null ? UplinkRequest(plan)
            : EmbeddedRequest(plan, Lab.Server);
        return request with
        {
            Engine = plan.Engine,
            StartAt = plan.StartAt,
            StartAtSource = plan.StartAtSource,
            StartAtIsLocal = plan.StartAtIsLocal,
            Load = load,
            Family = plan.Family,
            UploadUrl = uploadUrl,
            UploadFilePath = uploadFilePath,
            CaCertificatePath = plan.Https && Lab.Server is not null ? RequireServer().CaCertificatePath : request.CaCertificatePath,
        };
    }

    private static DownloadRequest UplinkRequest(DownloadPlan plan) =>
        plan.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 && plan.Ipv6Url.Length > 0
            ? new DownloadRequest(new Uri(plan.Ipv6Url), TimeSpan.FromSeconds(plan.TimeoutSeconds))
            : plan.Url.Length > 0
            ? new DownloadRequest(new Uri(plan.Url), TimeSpan.FromSeconds(plan.TimeoutSeconds))
            : throw new SettingsException(["Download:Url is empty; in uplink mode set it to the file to download through the real router."]);

    private static Uri UplinkUploadUrl(DownloadPlan plan) => plan.UploadUrl.Length > 0
        ? new Uri(plan.UploadUrl)
        : throw new SettingsException(["Download:UploadUrl is empty; in uplink mode set it to an http(s) URL behind the real " +
            "router that accepts a POST and discards the body after reading all of it (nginx: location /upload { client_max_body_size 0; " +
            "proxy_pass http://127.0.0.1:8081; } and server { listen 127.0.0.1:8081; client_max_body_size 0; location / { return 204; } }; " +
            "docs/real-router.md)."]);

    private DownloadRequest EmbeddedRequest(DownloadPlan plan, LabServerEndpoint endpoint)
    {
        // Built from the endpoint, not the server object, so a scenario that stopped the server still has a URL.
        var path = plan.MissingFile ? "/files/nbdd-no-such-file" : string.Create(CultureInfo.InvariantCulture, $"/bytes/{plan.FileSizeBytes}");
        return new DownloadRequest(EmbeddedUrl(plan, endpoint, path), TimeSpan.FromSeconds(plan.TimeoutSeconds))
        {
            CaCertificatePath = plan.Https ? RequireServer().CaCertificatePath : null,
            ExpectedBytes = plan.MissingFile ? null : plan.FileSizeBytes,
        };
    }

    /// <summary>The lab server's upload path; the size in it is for people reading logs (the server reads Content-Length).</summary>
    private static Uri EmbeddedUploadUrl(DownloadPlan plan, LabServerEndpoint endpoint) =>
        EmbeddedUrl(plan, endpoint, string.Create(CultureInfo.InvariantCulture, $"/upload/{plan.FileSizeBytes}"));

    private static Uri EmbeddedUrl(DownloadPlan plan, LabServerEndpoint endpoint, string path)
    {
        var address = endpoint.AddressOf(plan.Family ?? System.Net.Sockets.AddressFamily.InterNetwork);
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new($"{(plan.Https ? Uri.UriSchemeHttps : Uri.UriSchemeHttp)}://{host}:{(plan.Https ? 443 : 80)}{path}");
    }

    /// <summary>
    /// The one file every client of this lab posts, of <paramref name="bytes"/> bytes, in the lab's scratch folder: it
    /// goes when the lab's teardown deletes that folder, on every exit path, so it needs no teardown entry of its own.
    /// Made once per size and lab; a size the folder cannot hold is refused (<see cref="UploadFileException"/>) before
    /// any client starts.
    /// </summary>
    private async Task<string> UploadFilePathAsync(long bytes, CancellationToken cancellationToken)
    {
        if (_uploadFiles.TryGetValue(bytes, out var made) && File.Exists(made.Path))
        {
            return made.Path;
        }

        var file = await UploadFile.CreateAsync(Lab.Scratch.Path, bytes, cancellationToken).ConfigureAwait(false);
        _uploadFiles[bytes] = file;
        return file.Path;
    }

    private readonly Dictionary<long, UploadFile> _uploadFiles = [];

    /// <summary>
    /// The request every client makes for <paramref name="load"/>: as <see cref="RequestFor"/>, plus for uploads the
    /// upload URL (the lab server's <c>/upload/{size}</c>, or Download:UploadUrl in uplink mode) and the file to post,
    /// made here; in uplink mode a download's size is learned from the server first (a HEAD request from the first
    /// client, through the router), so the request carries what the server really offers.
    /// </summary>
    public async Task<DownloadRequest> RequestForAsync(DownloadPlan plan, LoadDirection load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var uploadFilePath = load.HasUpload() ? await UploadFilePathAsync(plan.FileSizeBytes, cancellationToken).ConfigureAwait(false) : null;
        var request = Build(plan, load, uploadFilePath);
        if (Lab.Server is not null || !load.HasDownload())
        {
            return request;
        }

        var from = Lab.Clients[0].Namespace;
        // A HEAD is quick, but the scenario's download timeout may be a few seconds on purpose: give it 10-60 s.
        var bound = TimeSpan.FromSeconds(Math.Clamp(request.Timeout.TotalSeconds, 10, 60));
        var result = await new CommandRunner().RunAsync(
            Lab.InNamespace(from, ServedFile.Request(request.Url, bound)), cancellationToken).ConfigureAwait(false);
        ServedFile = Downloads.ServedFile.Parse(request.Url, result.ExitCode, result.StandardError + "\n" + result.StandardOutput, result.Duration, from);
        return request with { ExpectedBytes = ServedFile.Length };
    }

    public Task<DownloadRequest> RequestForAsync(DownloadPlan plan, CancellationToken cancellationToken) =>
        RequestForAsync(plan, LoadDirection.Download, cancellationToken);

    /// <summary>Uplink mode: what the server said about the file (size or its absence); null until a download was prepared.</summary>
    public ServedFile? ServedFile { get; private set; }

    /// <summary>
    /// The size a complete transfer of <paramref name="request"/> has: the lab server's file, or in uplink mode what the
    /// server reported. Throws, saying why, when the server sent no length.
    /// </summary>
    public long ExpectedBytes(DownloadRequest request) => request.ExpectedBytes
        ?? throw new InvalidOperationException(ServedFile is { } served
            ? $"Cannot judge whole or partial files: {served.Evidence}."
            : $"The size of {request.Url} is unknown, so whole or partial files cannot be judged.");

    /// <summary>Throws when a measured rate is above what tc was set to: such a number would be false.</summary>
    public void CheckAgainstShaping(DownloadRun run) => ShapingTruth.Check(run, Shaping.DownstreamMbps, Shaping.PerClientMbps);

    /// <summary>
    /// Throws when a measured upload rate is above the router's upstream cap (embedded: as tc was told; uplink mode:
    /// Lab:UplinkUpstreamRateMbps is the user's statement, not a cap the suite set, so nothing is checked there).
    /// </summary>
    public void CheckAgainstUpstreamShaping(DownloadRun uploads) => ShapingTruth.CheckUploads(uploads, Shaping.UpstreamMbps);

    /// <summary>
    /// Each client's byte count against the server's record of its transfer (embedded lab only). The server logs a
    /// transfer's end a moment after the client has its last byte, so this waits briefly for the records to settle.
    /// </summary>
    public async Task<IReadOnlyList<string>> CompareWithServerAsync(DownloadRun run, CancellationToken cancellationToken)
    {
        var transfers = await SettledTransfersAsync(cancellationToken).ConfigureAwait(false);
        return ByteTruth.Compare(run.Results, AddressOfNamespace(run.Request.Family), transfers);
    }

    /// <summary>
    /// Each client's upload count against the server's record of the body it read (embedded lab only), after the
    /// records settle as for downloads.
    /// </summary>
    public async Task<IReadOnlyList<string>> CompareUploadsWithServerAsync(DownloadRun uploads, CancellationToken cancellationToken)
    {
        var transfers = await SettledTransfersAsync(cancellationToken).ConfigureAwait(false);
        return ByteTruth.CompareUploads(uploads.Results, AddressOfNamespace(uploads.Request.Family), transfers);
    }

    /// <summary>Each client's address in the family its transfers used, as the server logged them.</summary>
    private Dictionary<string, string> AddressOfNamespace(System.Net.Sockets.AddressFamily? family) =>
        Lab.Clients.ToDictionary(c => c.Namespace, c => c.AddressOf(family ?? System.Net.Sockets.AddressFamily.InterNetwork)?.ToString() ?? "(no IPv6 address)");

    /// <summary>
    /// The server's records once every transfer has finished, or after 5 s as they are: the server logs a transfer's
    /// end a moment after the client has its last byte (or answer), and a record still running is compared as it is,
    /// so a disagreement names it.
    /// </summary>
    private async Task<IReadOnlyList<Transfer>> SettledTransfersAsync(CancellationToken cancellationToken)
    {
        var server = RequireServer();
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        settle.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await server.WaitForTransfersAsync(t => t.All(x => x.IsFinished), settle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Compared as they are.
        }

        return server.Transfers;
    }

    public async ValueTask DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync().ConfigureAwait(false);
        }
    }

    private DownloadServer RequireServer() => _server ?? throw new InvalidOperationException(
        _lab?.Server is null
            ? "There is no lab download server in uplink mode; server faults can only be injected into the embedded lab."
            : "The lab's download server was stopped earlier in this scenario.");
}
