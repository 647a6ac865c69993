using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// Renews one client's DHCP lease as a client does at T1 (RFC 2131 4.4.5, RENEWING): a DHCPREQUEST with the
/// client's address in ciaddr, unicast from port 68 inside the client's namespace to the server that granted the
/// lease, with the client identifier udhcpc sent (01 + MAC), so the server sees the same client. An ACK for the same
/// address renews it; a NAK, another address or silence is a failed renewal, reported with what came back.
/// The suite's own packet, not udhcpc: udhcpc's one-shot mode (the one the lab uses, so no client daemon outlives a
/// run) always starts over with a broadcast DISCOVER, which is not the exchange a router meets at renewal time.
/// </summary>
public static class LeaseRenewal
{
    private const int ServerPort = 67;
    private const int ClientPort = 68;
    private static readonly byte[] MagicCookie = [99, 130, 83, 99];

    public static async Task<RenewalResult> RenewAsync(LabClient client, double atSeconds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var server = client.DhcpServer ?? throw new InvalidOperationException($"{client.Namespace} has no DHCP lease to renew (static address).");
        var clock = Stopwatch.StartNew();
        var (socket, mac) = await NetworkNamespace.RunInsideAsync(client.Namespace, () =>
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            udp.Bind(new IPEndPoint(client.Address, ClientPort));
            var address = NetworkInterface.GetAllNetworkInterfaces().First(n => n.Name == LabNames.InsideLink).GetPhysicalAddress().GetAddressBytes();
            return (udp, address);
        }).ConfigureAwait(false);
        using (socket)
        {
            var xid = (uint)Random.Shared.Next();
            var request = Request(xid, client.Address, mac);
            var buffer = new byte[1500];
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var sent = 0;
            try
            {
                while (true)
                {
                    await socket.SendToAsync(request, new IPEndPoint(server, ServerPort), deadline.Token).ConfigureAwait(false);
                    sent++;
                    // RFC 2131 retransmits with back-off; here once a second until the deadline.
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                    wait.CancelAfter(TimeSpan.FromSeconds(1));
                    try
                    {
                        while (true)
                        {
                            var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token).ConfigureAwait(false);
                            if (Parse(buffer.AsSpan(0, received.ReceivedBytes), xid) is { } reply)
                            {
                                var ms = clock.Elapsed.TotalMilliseconds;
                                return reply.Ack && reply.Address.Equals(client.Address)
                                    ? new RenewalResult(client.Namespace, atSeconds, true, client.Address.ToString(), reply.LeaseSeconds, ms, $"ACK from {server} after {sent} request(s)")
                                    : new RenewalResult(client.Namespace, atSeconds, false, client.Address.ToString(), reply.LeaseSeconds, ms,
                                        reply.Ack ? $"ACK from {server} for another address, {reply.Address}" : $"NAK from {server}");
                            }
                        }
                    }
                    catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                    {
                        // A second without an answer: ask again.
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new RenewalResult(client.Namespace, atSeconds, false, client.Address.ToString(), null, clock.Elapsed.TotalMilliseconds,
                    $"no answer from {server} to {sent} request(s) in {timeout.TotalSeconds:0} s");
            }
        }
    }

    private static byte[] Request(uint xid, IPAddress address, byte[] mac)
    {
        var packet = new byte[300];
        packet[0] = 1; // BOOTREQUEST
        packet[1] = 1; // Ethernet
        packet[2] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), xid);
        address.GetAddressBytes().CopyTo(packet, 12); // ciaddr: RENEWING
        mac.CopyTo(packet, 28);
        MagicCookie.CopyTo(packet, 236);
        var i = 240;
        packet[i++] = 53;
        packet[i++] = 1;
        packet[i++] = 3; // DHCPREQUEST
        packet[i++] = 61;
        packet[i++] = (byte)(mac.Length + 1);
        packet[i++] = 1;
        mac.CopyTo(packet, i);
        i += mac.Length;
        packet[i++] = 55;
        packet[i++] = 3;
        packet[i++] = 1;
        packet[i++] = 3;
        packet[i++] = 51;
        packet[i] = 255;
        return packet;
    }

    private static (bool Ack, IPAddress Address, long? LeaseSeconds)? Parse(ReadOnlySpan<byte> packet, uint xid)
    {
        if (packet.Length < 241 || packet[0] != 2 || BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) != xid || !packet.Slice(236, 4).SequenceEqual(MagicCookie))
        {
            return null;
        }

        byte? type = null;
        long? lease = null;
        for (var i = 240; i < packet.Length && packet[i] != 255;)
        {
            if (packet[i] == 0)
            {
                i++;
                continue;
            }

            if (i + 1 >= packet.Length || i + 2 + packet[i + 1] > packet.Length)
            {
                break;
            }

            var (code, length) = (packet[i], packet[i + 1]);
            var value = packet.Slice(i + 2, length);
            if (code == 53 && length == 1)
            {
                type = value[0];
            }
            else if (code == 51 && length == 4)
            {
                lease = BinaryPrimitives.ReadUInt32BigEndian(value);
            }

            i += 2 + length;
        }

        return type is 5 or 6 ? (type == 5, new IPAddress(packet.Slice(16, 4)), lease) : null;
    }
}
