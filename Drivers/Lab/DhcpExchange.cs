using System.Globalization;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// What one client's DHCP exchange got so far, read off udhcpc's messages ("broadcasting discover", "broadcasting
/// select for A, server S" once an offer came, "lease of A obtained" on the ack): the failure message then says
/// whether the server stayed silent or offered and never acknowledged, which point to different fixes.
/// </summary>
public sealed class DhcpExchange
{
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _servers = new(StringComparer.Ordinal);

    public int Discovers { get; private set; }

    /// <summary>Requests sent for an offered address (udhcpc's "broadcasting select" or "sending select"): each means an offer arrived or is retried.</summary>
    public int Requests { get; private set; }

    public int Acks { get; private set; }

    /// <summary>Servers that made an offer.</summary>
    public IReadOnlyCollection<string> Servers
    {
        get
        {
            lock (_gate)
            {
                return [.. _servers];
            }
        }
    }

    public void Observe(string line)
    {
        lock (_gate)
        {
            if (line.EndsWith(" discover", StringComparison.Ordinal))
            {
                Discovers++;
            }
            else if (line.Contains(" select for ", StringComparison.Ordinal))
            {
                Requests++;
                var server = line.IndexOf("server ", StringComparison.Ordinal);
                if (server >= 0)
                {
                    _servers.Add(line[(server + "server ".Length)..].Trim());
                }
            }
            else if (line.Contains(" obtained", StringComparison.Ordinal) && line.Contains("lease of", StringComparison.Ordinal))
            {
                Acks++;
            }
        }
    }

    /// <summary>The fix that fits what happened.</summary>
    public string Advice => Requests == 0
        ? "No DHCP server offered an address: check that the router's DHCP server is on and that this port is on its " +
          "LAN (dnsmasq in embedded mode, the real router in uplink mode), or raise Lab:DhcpTimeoutSeconds."
        : "The server offered an address but did not acknowledge the request in time: a slow or overloaded DHCP " +
          "server (stock dnsmasq pings each address before offering it, one at a time, so many clients asking at once " +
          "wait seconds each); raise Lab:DhcpTimeoutSeconds, or lower the client count.";

    public override string ToString()
    {
        lock (_gate)
        {
            var servers = _servers.Count > 0 ? $" (server {string.Join(", ", _servers)})" : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Discovers} discover(s) sent, {Requests} request(s) for an offered address{servers}, {Acks} ack(s)");
        }
    }
}
