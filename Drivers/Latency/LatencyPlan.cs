using System.Net;
using System.Net.Sockets;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Server;

namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// Who probes what during one parallel download: a sample of the downloading clients (each to its own gateway, the
/// one it leased in uplink mode, and to the download server), the probe client that downloads nothing (ICMP to the
/// same two, plus TCP connects to the server's port), and, in the embedded lab, the server whose loaded connections
/// report TCP's own RTT. Each target is probed over its own address's family (ICMP or ICMPv6), so a gateway may be
/// IPv4 or IPv6 whatever the server is.
/// </summary>
public sealed record LatencyPlan(
    IReadOnlyList<LabClient> Sampled, LabClient? Foreign, IPEndPoint Server, DownloadServer? ServerRtt)
{
    /// <summary>Resolves a host name to its addresses of one family (a seam: the unit tests answer for DNS).</summary>
    internal delegate Task<IPAddress[]> Resolver(string host, AddressFamily family, CancellationToken cancellationToken);

    /// <summary>As below, for a download over IPv4.</summary>
    public static Task<LatencyPlan> ForAsync(
        IReadOnlyList<LabClient> clients, LabClient? foreign, Uri url, DownloadServer? server, int sampled, CancellationToken cancellationToken) =>
        ForAsync(clients, foreign, url, server, sampled, AddressFamily.InterNetwork, cancellationToken);

    /// <summary>
    /// Up to <paramref name="sampled"/> clients spread evenly over <paramref name="clients"/> (first and last
    /// included), and the server from <paramref name="url"/>: its address if it is one, else resolved, in
    /// <paramref name="family"/>, the family the download goes over (InterNetworkV6 for an IPv6 download), so the
    /// probes take the download's path.
    /// </summary>
    public static Task<LatencyPlan> ForAsync(
        IReadOnlyList<LabClient> clients, LabClient? foreign, Uri url, DownloadServer? server, int sampled, AddressFamily family,
        CancellationToken cancellationToken) =>
        ForAsync(clients, foreign, url, server, sampled, family, Dns.GetHostAddressesAsync, cancellationToken);

    internal static async Task<LatencyPlan> ForAsync(
        IReadOnlyList<LabClient> clients, LabClient? foreign, Uri url, DownloadServer? server, int sampled, AddressFamily family,
        Resolver resolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentOutOfRangeException.ThrowIfZero(clients.Count, nameof(clients));
        var count = Math.Min(sampled, clients.Count);
        var picked = count == 1
            ? [clients[0]]
            : Enumerable.Range(0, count).Select(i => clients[(int)Math.Round(i * (clients.Count - 1) / (double)(count - 1))]).Distinct().ToArray();
        var address = await ServerAddressAsync(url, family, resolve, cancellationToken).ConfigureAwait(false);
        return new LatencyPlan(picked, foreign, new IPEndPoint(address, url.Port), server);
    }

    private static async Task<IPAddress> ServerAddressAsync(Uri url, AddressFamily family, Resolver resolve, CancellationToken cancellationToken)
    {
        var wanted = family switch
        {
            AddressFamily.InterNetwork => "IPv4",
            AddressFamily.InterNetworkV6 => "IPv6",
            _ => throw new ArgumentOutOfRangeException(nameof(family), family,
                "The latency probes go over IPv4 (AddressFamily.InterNetwork) or IPv6 (AddressFamily.InterNetworkV6); pass the family the download uses."),
        };
        var other = family == AddressFamily.InterNetwork ? "IPv6" : "IPv4";
        var otherFamily = family == AddressFamily.InterNetwork ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

        if (IPAddress.TryParse(url.IdnHost, out var literal))
        {
            return literal.AddressFamily == family
                ? literal
                : throw new ArgumentException(
                    $"The download URL's host {url.Host} is an {other} address, but the latency probes were asked to go over {wanted}, the download's family. " +
                    $"Pass AddressFamily.{otherFamily} to LatencyPlan.ForAsync when the download goes over {other}, or use an {wanted} address in Download:Url.",
                    nameof(url));
        }

        IPAddress[] addresses;
        IPAddress[] others = [];
        try
        {
            addresses = await resolve(url.IdnHost, family, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            // getaddrinfo fails, rather than answering nothing, for a name that lacks only this family's record:
            // asking for any family tells that apart from a name that does not resolve at all.
            others = await OtherAddressesAsync(url.IdnHost, resolve, cancellationToken).ConfigureAwait(false);
            if (others.Length == 0)
            {
                throw new ArgumentException(
                    $"The download URL's host '{url.Host}' did not resolve ({e.Message}), so the latency probes have no server to probe. Fix Download:Url, or set Latency:Enabled=false.",
                    nameof(url), e);
            }

            addresses = [];
        }

        var record = family == AddressFamily.InterNetworkV6 ? "AAAA" : "A";
        var onlyOthers = others.Length == 0 ? "" : $" (it resolves to {string.Join(", ", others.Select(a => a.ToString()))} only)";
        return addresses.FirstOrDefault(a => a.AddressFamily == family) ?? throw new ArgumentException(
            $"The download URL's host '{url.Host}' has no {wanted} address ({record} record){onlyOthers}, so the latency probes cannot follow the download over {wanted}. " +
            $"Give the name an {record} record, download over {other} (pass AddressFamily.{otherFamily}), or set Latency:Enabled=false.",
            nameof(url));
    }

    private static async Task<IPAddress[]> OtherAddressesAsync(string host, Resolver resolve, CancellationToken cancellationToken)
    {
        try
        {
            return await resolve(host, AddressFamily.Unspecified, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
