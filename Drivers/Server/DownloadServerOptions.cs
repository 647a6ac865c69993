using System.Net;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Drivers.Server;

/// <summary>Where and how a <see cref="DownloadServer"/> listens.</summary>
public sealed record DownloadServerOptions
{
    /// <summary>The network namespace to listen in; null listens in the test host's own (loopback unit tests).</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>The server's address as clients use it: in URLs and in the certificate's SAN.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The address the sockets bind to; null binds <see cref="Address"/>. Any (0.0.0.0) is allowed.</summary>
    public IPAddress? BindAddress { get; init; }

    /// <summary>
    /// An IPv6 address to listen on as well, on the same ports (the embedded lab's server link when its clients have
    /// IPv6); its transfers are logged with the IPv6 client address.
    /// </summary>
    public IPAddress? Ipv6Address { get; init; }

    /// <summary>0 picks a free port (read it back from <see cref="DownloadServer.HttpEndPoint"/>).</summary>
    public int HttpPort { get; init; }

    public int HttpsPort { get; init; }

    /// <summary>How long the generated certificates are valid: short, they live for one lab run.</summary>
    public TimeSpan CertificateValidity { get; init; } = TimeSpan.FromHours(12);

    /// <summary>The run-owned folder the CA's folder is made in; null means this process's <see cref="Lab.RunScratch.ForProcess"/>.</summary>
    public string? CertificateParentFolder { get; init; }

    /// <summary>
    /// Serve whole plain-http <c>GET /bytes/{n}</c> bodies with sendfile() from an in-memory pattern file, around Kestrel
    /// (see <see cref="SendfileFastPath"/>); false sends every body through Kestrel's pipe. https, HEAD, ranges, faults
    /// and /status always go through Kestrel.
    /// </summary>
    public bool ZeroCopy { get; init; } = true;

    /// <summary>How long stopping waits for running requests (a stalled one never ends by itself) before cutting them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Listens on 80 and 443 at <paramref name="address"/> inside <paramref name="networkNamespace"/>.</summary>
    public static DownloadServerOptions InNamespace(string networkNamespace, IPAddress address) =>
        new() { NetworkNamespace = networkNamespace, Address = address, HttpPort = 80, HttpsPort = 443 };

    /// <summary>Listens on 80 and 443 in <paramref name="lab"/>'s server namespace; the CA goes in the lab's scratch
    /// folder, so it leaves with the lab (or with the reaper, if the process is killed).</summary>
    public static DownloadServerOptions ForLab(NamespaceLab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var endpoint = lab.Server ?? throw new InvalidOperationException(
            $"Lab {lab.RunId} has no server namespace (uplink mode): the download server runs only in the embedded lab.");
        return InNamespace(endpoint.Namespace, endpoint.Address) with { CertificateParentFolder = lab.Scratch.Path, Ipv6Address = endpoint.Ipv6Address };
    }

    /// <summary>Listens on free ports of 127.0.0.1 in the host's own namespace: no root needed.</summary>
    public static DownloadServerOptions Loopback() => new() { Address = IPAddress.Loopback };

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Address);
        if (HttpPort is < 0 or > 65535 || HttpsPort is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(
                nameof(HttpPort), $"Ports must be 0..65535 (0 picks a free one); got http {HttpPort}, https {HttpsPort}.");
        }

        if (HttpPort != 0 && HttpPort == HttpsPort)
        {
            throw new ArgumentException($"http and https cannot share port {HttpPort}; give them different ports.");
        }
    }
}
