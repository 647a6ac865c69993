using System.Net;
using System.Net.Sockets;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Server;

namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// Who probes what during one parallel download: a sample of the downloading clients (each to its own gateway, the
/// one it leased in uplink mode, and to the download server), the probe client that downloads nothing (ICMP to the
/// same two, plus TCP connects to the server's port), and, in the embedded lab, the server whose loaded connections
/// report TCP's own RTT.
/// </summary>
public sealed record LatencyPlan(
    IReadOnlyList<LabClient> Sampled, LabClient? Foreign, IPEndPoint Server, DownloadServer? ServerRtt)
{
    /// <summary>
    /// Up to <paramref name="sampled"/> clients spread evenly over <paramref name="clients"/> (first and last
    /// included), and the server from <paramref name="url"/>: its address if it is one, else resolved (IPv4).
    /// </summary>
    public static async Task<LatencyPlan> ForAsync(
        IReadOnlyList<LabClient> clients, LabClient? foreign, Uri url, DownloadServer? server, int sampled, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(clients.Count, nameof(clients));
        var count = Math.Min(sampled, clients.Count);
        var picked = count == 1
            ? [clients[0]]
            : Enumerable.Range(0, count).Select(i => clients[(int)Math.Round(i * (clients.Count - 1) / (double)(count - 1))]).Distinct().ToArray();
        return new LatencyPlan(picked, foreign, new IPEndPoint(await ServerAddressAsync(url, cancellationToken).ConfigureAwait(false), url.Port), server);
    }

    private static async Task<IPAddress> ServerAddressAsync(Uri url, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(url.IdnHost, out var literal))
        {
            return literal.AddressFamily == AddressFamily.InterNetwork
                ? literal
                : throw new ArgumentException($"The download URL's host {url.Host} is IPv6; the latency probes are IPv4 only. Use an IPv4 address or a name with an A record, or set Latency:Enabled=false.", nameof(url));
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(url.IdnHost, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ArgumentException($"The download URL's host '{url.Host}' did not resolve ({e.Message}), so the latency probes have no server to probe. Fix Download:Url, or set Latency:Enabled=false.", nameof(url), e);
        }

        return addresses.FirstOrDefault() ?? throw new ArgumentException(
            $"The download URL's host '{url.Host}' has no IPv4 address; the latency probes are IPv4 only. Set Latency:Enabled=false to download without them.", nameof(url));
    }
}
