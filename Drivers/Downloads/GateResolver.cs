using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net;
using System.Text;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// The wget engine's start gate: a DNS responder on 127.0.0.1:53 inside every client namespace (a UDP socket made there
/// from this process, no child), named in the namespace's resolv.conf (`/etc/netns/NS/resolv.conf`, which `ip netns
/// exec` mounts over /etc/resolv.conf for wget). A started wget asks it for the server's address and waits; the
/// question is the client's arrival at the gate, and the answers, held until every client asked, go out together at the
/// release. So the gate holds a wget that has finished starting up, needs nothing from the server, and works against
/// a router and server the suite does not control (uplink mode) as well as in the lab.
/// </summary>
/// <remarks>
/// Only the gate's name is answered (A: the server's address; other types: empty); any other name gets NXDOMAIN at once.
/// resolv.conf asks glibc to wait 30 s per try, 5 tries, so a long hold (500 clients spawn for seconds) is not retried
/// into a failure. An existing resolv.conf of the namespace is put back afterwards.
/// </remarks>
internal sealed class GateResolver : IAsyncDisposable
{
    private const int DnsPort = 53;

    private readonly Lock _lock = new();
    private readonly List<(Socket Socket, EndPoint To, byte[] Answer)> _held = [];
    private readonly Client[] _clients;
    private readonly (string Name, byte[] Address)[] _names;
    private readonly CancellationTokenSource _stop = new();
    private bool _released;

    private GateResolver(IReadOnlyList<(string HostName, IPAddress Address)> names, Client[] clients)
    {
        _names = [.. names.Select(n => (n.HostName.TrimEnd('.').ToLowerInvariant(), n.Address.GetAddressBytes()))];
        _clients = clients;
    }

    /// <summary>The first name the gate answers (a run with an upload elsewhere answers that server's name too).</summary>
    public string HostName => _names[0].Name;

    /// <summary>
    /// Starts a responder in each namespace answering <paramref name="hostName"/> with <paramref name="address"/> once
    /// <paramref name="gate"/> opens; <paramref name="arrived"/> is called with the client's index at its first question.
    /// </summary>
    public static Task<GateResolver> StartAsync(
        IReadOnlyList<string> namespaces, string hostName, IPAddress address, StartGate gate, Action<int> arrived) =>
        StartAsync(namespaces, [(hostName, address)], gate, arrived);

    /// <summary>
    /// Starts a responder in each namespace answering each of <paramref name="names"/> with its address once
    /// <paramref name="gate"/> opens. <paramref name="arrived"/> is called with the namespace's index at the first
    /// question from each asking socket: two wget in one namespace (a download and an upload) ask from two sockets, so
    /// it is called once for each.
    /// </summary>
    public static async Task<GateResolver> StartAsync(
        IReadOnlyList<string> namespaces, IReadOnlyList<(string HostName, IPAddress Address)> names, StartGate gate, Action<int> arrived)
    {
        var sockets = await NamespaceSockets.CreateAsync(namespaces, _ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, DnsPort));
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }).ConfigureAwait(false);
        var clients = new Client[namespaces.Count];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = new Client(namespaces[i], sockets[i].Socket);
        }

        var resolver = new GateResolver(names, clients);
        try
        {
            var failed = sockets.Select((s, i) => (s.Error, Name: namespaces[i])).FirstOrDefault(s => s.Error is not null);
            if (failed.Error is not null)
            {
                throw new InvalidOperationException(
                    $"The start gate could not listen on 127.0.0.1:53 in {failed.Name}: {failed.Error.Message}", failed.Error);
            }

            foreach (var client in clients)
            {
                client.InstallResolvConf();
            }

            gate.OnRelease(resolver.SendHeld);
            for (var i = 0; i < clients.Length; i++)
            {
                var index = i;
                _ = resolver.ServeAsync(clients[i], () => arrived(index));
            }
        }
        catch
        {
            await resolver.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return resolver;
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ServeAsync(Client client, Action arrived)
    {
        var buffer = new byte[512];
        var any = new IPEndPoint(IPAddress.Any, 0);
        // Who asked: glibc asks A and AAAA from one socket, so one asking socket is one client.
        var askers = new HashSet<EndPoint>();
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await client.Socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Reply(buffer.AsSpan(0, received.ReceivedBytes)) is not { } reply)
            {
                continue;
            }

            bool hold;
            lock (_lock)
            {
                hold = reply.Hold && !_released;
                if (hold)
                {
                    _held.Add((client.Socket!, received.RemoteEndPoint, reply.Bytes));
                }
            }

            if (!hold)
            {
                Send(client.Socket!, received.RemoteEndPoint, reply.Bytes);
            }

            if (reply.Hold && askers.Add(received.RemoteEndPoint))
            {
                arrived();
            }
        }
    }

    /// <summary>The reply for the first of the gate's names the question asks about; NXDOMAIN when none.</summary>
    private (byte[] Bytes, bool Hold)? Reply(ReadOnlySpan<byte> query)
    {
        (byte[] Bytes, bool Hold)? last = null;
        foreach (var (name, address) in _names)
        {
            last = GateDns.Reply(query, name, address);
            if (last is not { } reply || (reply.Bytes[3] & 0x0F) != 3)
            {
                return last;
            }
        }

        return last;
    }

    private void SendHeld()
    {
        (Socket, EndPoint, byte[])[] held;
        lock (_lock)
        {
            _released = true;
            held = [.. _held];
            _held.Clear();
        }

        foreach (var (socket, to, answer) in held)
        {
            Send(socket, to, answer);
        }
    }

    private static void Send(Socket socket, EndPoint to, byte[] answer)
    {
        try
        {
            socket.SendTo(answer, to);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The asking wget is gone (killed, or its lookup gave up): its own result says so.
        }
    }

    /// <summary>One client namespace's responder socket and resolv.conf.</summary>
    private sealed class Client(string namespaceName, Socket? socket) : IDisposable
    {
        private string? _previous;
        private bool _madeFolder;
        private bool _installed;

        public Socket? Socket => socket;

        private string Folder => NetnsEtcFolders.FolderOf(namespaceName);

        private string File => Path.Combine(Folder, "resolv.conf");

        public void InstallResolvConf()
        {
            _madeFolder = NetnsEtcFolders.CreateFor(namespaceName);
            if (!_madeFolder)
            {
                _previous = System.IO.File.Exists(File) ? System.IO.File.ReadAllText(File) : null;
            }

            _installed = true;
            System.IO.File.WriteAllText(File, "# NetnsBdd start gate (removed after the download)\nnameserver 127.0.0.1\noptions timeout:30 attempts:5\n");
        }

        public void Dispose()
        {
            socket?.Dispose();
            if (!_installed)
            {
                return;
            }

            try
            {
                if (_previous is not null)
                {
                    System.IO.File.WriteAllText(File, _previous);
                }
                else if (_madeFolder)
                {
                    Directory.Delete(Folder, recursive: true);
                }
                else
                {
                    System.IO.File.Delete(File);
                }
            }
            catch (IOException)
            {
                // Already gone: the goal is reached (the reaper removes a dead run's folders as well).
            }
        }
    }
}
