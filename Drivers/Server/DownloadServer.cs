using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// The lab's download server: Kestrel serving deterministic bytes over http and https from inside a network
/// namespace (see <see cref="NamespaceListener"/> for how, and why not a child process), with switchable faults
/// and a per-request record of the bytes it sent.
/// </summary>
public sealed class DownloadServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NamespaceListener[] _listeners;
    private readonly LabCertificates _certificates;
    private readonly TransferLog _log;
    private readonly PatternFile? _pattern;
    private readonly CancellationTokenSource _stopping;
    private ServerFaults _faults = ServerFaults.None;
    private int _disposed;

    private DownloadServer(
        DownloadServerOptions options, WebApplication app, NamespaceListener[] listeners, LabCertificates certificates,
        TransferLog log, PatternFile? pattern, CancellationTokenSource stopping)
    {
        _pattern = pattern;
        Options = options;
        _app = app;
        _listeners = listeners;
        _certificates = certificates;
        _log = log;
        _stopping = stopping;
        HttpEndPoint = listeners[0].LocalEndPoint;
        HttpsEndPoint = listeners[1].LocalEndPoint;
    }

    public DownloadServerOptions Options { get; }

    /// <summary>The bound http address and real port, in the server's namespace.</summary>
    public IPEndPoint HttpEndPoint { get; }

    public IPEndPoint HttpsEndPoint { get; }

    /// <summary>The lab CA as PEM, for <c>wget --ca-certificate=FILE</c>; deleted when the server is disposed.</summary>
    public string CaCertificatePath => _certificates.CaCertificatePath;

    /// <summary>The lab CA, for .NET clients (<c>X509ChainPolicy.CustomTrustStore</c>).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 CaCertificate => _certificates.Authority;

    /// <summary>Server-wide faults for every later body; a request's query overrides them. Set <see cref="ServerFaults.None"/> to clear.</summary>
    public ServerFaults Faults
    {
        get => Volatile.Read(ref _faults);
        set => Volatile.Write(ref _faults, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Every request so far (running ones included), oldest first.</summary>
    public ImmutableArray<Transfer> Transfers => _log.Snapshot();

    public Uri HttpBaseUrl => BaseUrl(Uri.UriSchemeHttp, HttpEndPoint.Port);

    public Uri HttpsBaseUrl => BaseUrl(Uri.UriSchemeHttps, HttpsEndPoint.Port);

    /// <summary>The http URL of a <paramref name="size"/>-byte download, e.g. <c>http://198.18.0.1:80/bytes/1048576</c>.</summary>
    public Uri HttpUrl(long size, string? query = null) => BytesUrl(HttpBaseUrl, size, query);

    public Uri HttpsUrl(long size, string? query = null) => BytesUrl(HttpsBaseUrl, size, query);

    /// <summary>Starts listening; returns once both sockets accept connections.</summary>
    public static async Task<DownloadServer> StartAsync(DownloadServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var bindAddress = options.BindAddress ?? options.Address;
        var listeners = new List<NamespaceListener>(2);
        LabCertificates? certificates = null;
        var pattern = options.ZeroCopy ? PatternFile.TryCreate() : null;
        var stopping = new CancellationTokenSource();
        DownloadServer? server = null;
        try
        {
            foreach (var port in new[] { options.HttpPort, options.HttpsPort })
            {
                listeners.Add(await NamespaceListener.OpenAsync(
                    options.NetworkNamespace, new IPEndPoint(bindAddress, port), cancellationToken).ConfigureAwait(false));
            }

            if (options.Ipv6Address is { } six)
            {
                // The ports the IPv4 listeners got, so a URL differs between the families only in its host.
                foreach (var port in new[] { listeners[0].LocalEndPoint.Port, listeners[1].LocalEndPoint.Port })
                {
                    listeners.Add(await NamespaceListener.OpenAsync(
                        options.NetworkNamespace, new IPEndPoint(six, port), cancellationToken).ConfigureAwait(false));
                }
            }

            certificates = LabCertificates.Create(options.Address, options.CertificateValidity, options.CertificateParentFolder, options.Ipv6Address);
            var log = new TransferLog();
            var app = Build(options, [.. listeners.Where((_, i) => i % 2 == 0)], [.. listeners.Where((_, i) => i % 2 == 1)],
                certificates, () => server!.Faults, log, pattern, stopping.Token);
            server = new DownloadServer(options, app, [.. listeners], certificates, log, pattern, stopping);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                listeners.ForEach(listener => listener.Dispose());
                certificates?.Dispose();
                pattern?.Dispose();
                stopping.Dispose();
            }

            throw;
        }

        return server;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for <see cref="Transfers"/> (the server records a
    /// transfer's end a moment after the client has its last byte).</summary>
    public Task<ImmutableArray<Transfer>> WaitForTransfersAsync(
        Func<ImmutableArray<Transfer>, bool> condition, CancellationToken cancellationToken) =>
        _log.WaitAsync(condition, cancellationToken);

    /// <summary>Forgets finished and running transfers, e.g. between scenarios.</summary>
    public void ClearTransfers() => _log.Clear();

    /// <summary>
    /// The congestion control of the connections the server accepts from now on (e.g. cubic, the Linux default, or
    /// bbr). A server namespace otherwise inherits the host's default, which differs between hosts.
    /// </summary>
    public void SetCongestionControl(string algorithm)
    {
        if (string.IsNullOrEmpty(algorithm) || !algorithm.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{algorithm}' is not a TCP congestion control name; use e.g. cubic, reno or bbr.", nameof(algorithm));
        }

        try
        {
            foreach (var listener in _listeners)
            {
                listener.SetCongestionControl(algorithm);
            }
        }
        catch (System.Net.Sockets.SocketException e)
        {
            const string available = "/proc/sys/net/ipv4/tcp_available_congestion_control";
            throw new ArgumentException(
                $"The kernel refused TCP congestion control '{algorithm}' ({e.Message}); this kernel has: " +
                $"{(File.Exists(available) ? File.ReadAllText(available).Trim() : "unknown")}. Load its module (e.g. " +
                $"`modprobe tcp_{algorithm}`) or pick one of those; setting it needs root.", nameof(algorithm), e);
        }
    }

    /// <summary>
    /// TCP's own smoothed RTT (tcpi_rtt) of every running http download's connection, by client address: the round
    /// trip the loaded connections see, queueing in the router included. https transfers are not tracked.
    /// </summary>
    public IReadOnlyList<(string RemoteAddress, TimeSpan Rtt)> LiveRoundTrips() => _log.LiveRoundTrips();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Stalled bodies wait on this token; cancelling it first lets stopping finish without the shutdown timeout.
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);

            // Only now: Kestrel served these descriptors without owning them.
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            _certificates.Dispose();
            _pattern?.Dispose();
            _stopping.Dispose();
        }
    }

    private static WebApplication Build(
        DownloadServerOptions options, NamespaceListener[] http, NamespaceListener[] https, LabCertificates certificates,
        Func<ServerFaults> faults, TransferLog log, PatternFile? pattern, CancellationToken stopping)
    {
        // The empty builder has no configuration files, no logging providers and no routing: nothing prints, and
        // nothing in appsettings.json or ASPNETCORE_* variables can move the server's endpoints.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "NetnsBdd.DownloadServer",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // A stalled or throttled client is the point of some tests: Kestrel must not cut it for being slow.
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10);

            // Deeper than the 64 KiB default so a 256 KiB slice goes out without waking the writer per segment.
            kestrel.Limits.MaxResponseBufferSize = 4 * 1024 * 1024;
            foreach (var listener in http)
            {
                kestrel.ListenHandle(listener.Handle, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    if (pattern is not null)
                    {
                        listen.Use(new SendfileFastPath(pattern, log, faults, stopping).Use);
                    }
                });
            }

            foreach (var listener in https)
            {
                kestrel.ListenHandle(listener.Handle, listen =>
                {
                    // HTTP/1.1 only, over TLS too: the clients under test (wget) speak it, and h2 flow control would
                    // measure Kestrel's window tuning rather than the router.
                    listen.Protocols = HttpProtocols.Http1;
                    listen.UseHttps(certificates.Server);
                });
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        var app = builder.Build();
        app.Run(new DownloadEndpoint(log, faults, stopping).HandleAsync);
        return app;
    }

    private Uri BaseUrl(string scheme, int port) => new UriBuilder(scheme, Options.Address.ToString(), port).Uri;

    private static Uri BytesUrl(Uri baseUrl, long size, string? query)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var builder = new UriBuilder(baseUrl) { Path = $"/bytes/{size}" };
        if (!string.IsNullOrEmpty(query))
        {
            builder.Query = query.TrimStart('?');
        }

        return builder.Uri;
    }
}
