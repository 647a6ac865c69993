using System.Net;
using System.Net.Sockets;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// Before wget's gated start: one TCP connect from each client namespace to the server, one client at a time, closed
/// at once (no request is sent, so the server logs no transfer). Its point is the ARP exchange it makes: a client's
/// first packet towards the server needs its gateway's MAC, and that ARP request is flooded by the lab's bridge to
/// every other client's port; 500 clients asking at the release put 500 x 499 copies through the host's per-CPU
/// input backlog (netdev_max_backlog, 1000 here), which dropped replies and left clients with "No route to host".
/// Done here, one at a time, the clients' and the router's neighbour entries exist when the gate opens, and the
/// release's connects go out as unicast. The native engine paces its own connects the same way.
/// </summary>
internal static class NeighbourWarmUp
{
    /// <summary>One connect may take this long (ARP gives up after 3 s); the first that fails other than refused ends the warm-up.</summary>
    public static readonly TimeSpan AttemptLimit = TimeSpan.FromSeconds(4);

    public static async Task RunAsync(IReadOnlyList<string> namespaces, IPEndPoint server, CancellationToken cancellationToken)
    {
        var sockets = await NamespaceSockets.CreateAsync(namespaces, _ => new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
            .ConfigureAwait(false);
        try
        {
            foreach (var (socket, _) in sockets)
            {
                if (socket is null)
                {
                    continue;
                }

                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(AttemptLimit);
                try
                {
                    await socket.ConnectAsync(server, limit.Token).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    // The neighbours answered (the server's host sent the refusal): warmed all the same.
                }
                catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // Unreachable or too slow: the server is likely so for every client, and warming the rest would
                    // cost up to the limit each. The downloads meet it again and report it.
                    return;
                }
                finally
                {
                    socket.Dispose();
                }
            }
        }
        finally
        {
            foreach (var (socket, _) in sockets)
            {
                socket?.Dispose();
            }
        }
    }
}
