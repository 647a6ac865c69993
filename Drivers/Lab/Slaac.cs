using System.Diagnostics;
using System.Globalization;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Stateless autoconfiguration as a device does it: the client's kernel solicits the router once its link is up,
/// forms an address from the advertised /64 and runs duplicate-address detection on it; the suite only watches, and
/// records the time from the link coming up to the address being usable.
/// </summary>
internal static class Slaac
{
    /// <summary>The client with its SLAAC address, or <see cref="LabSetupException"/> naming what was missing.</summary>
    public static async Task<LabClient> WaitAsync(
        Ipv6AddressWatch watch, int index, LabClient client, long linkUpAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = linkUpAt + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var found = await watch.WaitAsync(index, LabNames.InsideLink, a => a.IsGlobal && a.PrefixLength == UlaPrefix.SubnetPrefixLength,
            deadline, cancellationToken).ConfigureAwait(false);
        if (found is { Address.HasFailedDad: true } taken)
        {
            throw new LabSetupException(
                $"Client {client.Namespace}'s SLAAC address {taken.Address.Address} failed duplicate-address detection: another device on " +
                "the link answered for it. Two clients with one MAC address (or a router proxying for it) cause this; check the LAN.");
        }

        if (found is not { } usable)
        {
            var gateway = watch.DefaultGateway(index, LabNames.InsideLink);
            throw new LabSetupException((
                $"Client {client.Namespace} got no IPv6 address by SLAAC within Lab:Ipv6TimeoutSeconds = {Seconds(timeout)} s: " +
                (gateway is null
                    ? "no router advertisement arrived on its link (no default IPv6 route either)"
                    : $"a router advertisement came from {gateway} (it gave a default route) but with no /64 prefix to autoconfigure from") +
                $"; {LabNames.InsideLink} has {watch.Describe(index, LabNames.InsideLink)}. Fix: make the router advertise a /64 " +
                "prefix with the autonomous flag on its LAN (its IPv6 LAN setting 'SLAAC', radvd, or dnsmasq enable-ra), " +
                "or use DHCPv6 clients if it only hands out addresses that way."));
        }

        return client with
        {
            Ipv6Address = usable.Address.Address,
            Ipv6PrefixLength = usable.Address.PrefixLength,
            Ipv6Source = Ipv6Addressing.Slaac,
            Ipv6Time = Stopwatch.GetElapsedTime(linkUpAt, usable.SeenAt),
            Ipv6Gateway = watch.DefaultGateway(index, LabNames.InsideLink),
            Ipv6LinkLocal = watch.LinkLocal(index, LabNames.InsideLink),
        };
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
