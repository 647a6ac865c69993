using System.Net;
using System.Net.Sockets;

namespace NetnsBdd.Drivers.Namespaces;

/// <summary>
/// A listening TCP socket that lives in a named network namespace while the process stays where it is.
/// <para>
/// Why not <c>ip netns exec NS server</c>: a child process would be one more thing to start, wait for, and kill
/// (and to leak when a test dies), and its byte counters would have to travel back over a pipe. A socket's network
/// namespace is fixed when the socket is created, so it is enough for one thread to step into the namespace, create
/// the socket, and step back: Kestrel then serves it from the ordinary thread pool, in-process, with its counters
/// readable directly. The thread is a dedicated one, not a pool thread, so no other work can ever run while it is
/// inside the namespace, and it ends after its one job even if stepping back failed.
/// </para>
/// </summary>
internal sealed class NamespaceListener : IDisposable
{
    private const int Backlog = 1024;
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private readonly Socket _socket;

    private NamespaceListener(Socket socket, string? networkNamespace)
    {
        _socket = socket;
        NetworkNamespace = networkNamespace;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The namespace the socket lives in; null for the process's own (loopback tests).</summary>
    public string? NetworkNamespace { get; }

    /// <summary>The bound address and the real port (an ephemeral one when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds and listens on <paramref name="endpoint"/> inside <paramref name="networkNamespace"/> (null: here).</summary>
    public static Task<NamespaceListener> OpenAsync(string? networkNamespace, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        cancellationToken.ThrowIfCancellationRequested();
        if (networkNamespace is null)
        {
            return Task.FromResult(new NamespaceListener(Listen(endpoint), null));
        }

        RequireNamespace(networkNamespace);
        return OpenInsideAsync(networkNamespace, endpoint, cancellationToken);
    }

    private static async Task<NamespaceListener> OpenInsideAsync(string networkNamespace, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = await Namespaces.NetworkNamespace.RunInsideAsync(networkNamespace, () => Listen(endpoint)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new NamespaceListener(socket, networkNamespace);
    }

    /// <summary>
    /// The descriptor for Kestrel's <c>ListenHandle</c>. Kestrel wraps it without taking ownership, so this object
    /// must outlive the server and closes it on <see cref="Dispose"/>. It is close-on-exec (as every socket .NET
    /// makes), so wget, nginx or ip started by the suite never inherit the listener.
    /// </summary>
    public ulong Handle => (ulong)_socket.Handle;

    /// <summary>
    /// TCP_CONGESTION on the listening socket: connections it accepts from now on inherit the algorithm. Only the
    /// host's namespace may make a restricted algorithm (one not in tcp_allowed_congestion_control) a namespace's
    /// default, but a socket option set with CAP_NET_ADMIN may use any the kernel has.
    /// </summary>
    public void SetCongestionControl(string algorithm) =>
        _socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, TcpCongestion, System.Text.Encoding.ASCII.GetBytes(algorithm));

    private const int TcpCongestion = 13;

    public void Dispose() => _socket.Dispose();

    private static void RequireNamespace(string networkNamespace)
    {
        if (string.IsNullOrWhiteSpace(networkNamespace) || networkNamespace.Contains('/') || networkNamespace is "." or "..")
        {
            throw new ArgumentException(
                $"'{networkNamespace}' is not a network namespace name; pass a name as listed by `ip netns list`.",
                nameof(networkNamespace));
        }

        var path = Path.Combine(Namespaces.NetworkNamespace.NamesDirectory, networkNamespace);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Network namespace '{networkNamespace}' does not exist ({path} is missing); create it first with " +
                $"`ip netns add {networkNamespace}` (the lab does this before starting the server).");
        }
    }

    private static Socket Listen(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A lab restarted on fixed ports must not wait for the previous run's TIME_WAIT sockets. Plain SO_REUSEADDR,
            // not .NET's ReuseAddress, which on Linux adds SO_REUSEPORT and would let a second server bind the same
            // port and silently take half the connections.
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            socket.Bind(endpoint);
            socket.Listen(Backlog);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InvalidOperationException(
                $"Cannot listen on {endpoint}: {e.Message}. Check that the address is configured in the namespace " +
                "and that the port is free there.", e);
        }
    }
}
