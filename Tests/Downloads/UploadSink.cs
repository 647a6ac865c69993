using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Server;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// A test's own upload server: a socket listening in the lab's server namespace that reads each POST's body, counts
/// every byte it received, and answers as the path asks. Until the lab server takes uploads it is the byte truth the
/// engines' upload counts are held to, and it plays the servers that misbehave:
/// <c>/upload</c> reads the whole body and answers 204; <c>/refuse</c> answers 405 at once and discards the body
/// (nginx's way); <c>/refuse-close</c> answers 405 and closes with the body unread;
/// <c>/stall/N</c> reads N body bytes and then nothing (the client's send stalls until its timeout);
/// <c>/reset/N</c> reads N body bytes and resets the connection. The same over https on <see cref="TlsPort"/>, with a
/// certificate of its own lab CA (<see cref="CaCertificatePath"/>) naming the server's address and the start gate.
/// </summary>
internal sealed class UploadSink : IAsyncDisposable
{
    public const int Port = 8090;

    public const int TlsPort = 8453;

    private readonly Socket _listener;
    private readonly Socket _tlsListener;
    private readonly LabCertificates _certificates;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _open = [];
    private readonly ConcurrentBag<Received> _received = [];
    private readonly Task _accepting;
    private readonly Task _acceptingTls;

    private UploadSink(Socket listener, Socket tlsListener, LabCertificates certificates, IPAddress address)
    {
        _listener = listener;
        _tlsListener = tlsListener;
        _certificates = certificates;
        BaseUrl = new Uri($"http://{address}:{Port}");
        TlsBaseUrl = new Uri($"https://{address}:{TlsPort}");
        _accepting = AcceptAsync(_listener, tls: false);
        _acceptingTls = AcceptAsync(_tlsListener, tls: true);
    }

    public Uri TlsBaseUrl { get; }

    /// <summary>The CA that signed the https listener's certificate, for the clients' request.</summary>
    public string CaCertificatePath => _certificates.CaCertificatePath;

    /// <summary>One connection's record: who, which path, and the body bytes read from it.</summary>
    public sealed class Received(string remoteAddress, string path)
    {
        private long _bytes;

        public string RemoteAddress { get; } = remoteAddress;

        public string Path { get; } = path;

        public long Bytes => Interlocked.Read(ref _bytes);

        public bool Finished { get; set; }

        public void Add(int count) => Interlocked.Add(ref _bytes, count);
    }

    public Uri BaseUrl { get; }

    /// <summary>Receive with MSG_TRUNC (no copy to user space); off: copied into a buffer, as an ordinary server does.</summary>
    public bool DiscardWithoutCopy { get; set; }

    public IReadOnlyList<Received> Connections => [.. _received];

    public static async Task<UploadSink> StartAsync(string serverNamespace, IPAddress address, string scratchFolder)
    {
        var (plain, tls) = await NetworkNamespace.RunInsideAsync(serverNamespace, () => (Listen(address, Port), Listen(address, TlsPort)));
        var certificates = LabCertificates.Create(address, TimeSpan.FromHours(2), scratchFolder);
        return new UploadSink(plain, tls, certificates, address);
    }

    private static Socket Listen(IPAddress address, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(1024);
        return socket;
    }

    public Uri TlsUrl(string path) => new(TlsBaseUrl, path);

    public Uri Url(string path) => new(BaseUrl, path);

    public void Clear() => _received.Clear();

    /// <summary>Waits (bounded) until <paramref name="count"/> connections have ended on the sink's side.</summary>
    public async Task<IReadOnlyList<Received>> FinishedAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100 && (_received.Count < count || _received.Any(r => !r.Finished)); i++)
        {
            await Task.Delay(100, cancellationToken);
        }

        return Connections;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        _tlsListener.Dispose();
        foreach (var socket in _open)
        {
            socket.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped as asked.
        }

        try
        {
            await _acceptingTls;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped as asked.
        }

        _stop.Dispose();
        _certificates.Dispose();
    }

    private async Task AcceptAsync(Socket listener, bool tls)
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(_stop.Token);
            _open.Add(socket);
            _ = ServeAsync(socket, tls);
        }
    }

    private async Task ServeAsync(Socket socket, bool tls)
    {
        var buffer = new byte[256 * 1024];
        Received? record = null;
        SslStream? ssl = null;
        try
        {
            if (tls)
            {
                ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = _certificates.Server }, _stop.Token);
            }

            ValueTask<int> ReceiveAsync(Memory<byte> into, SocketFlags flags) =>
                ssl is not null ? ssl.ReadAsync(into, _stop.Token) : socket.ReceiveAsync(into, flags, _stop.Token);

            async Task AnswerAsync(byte[] response)
            {
                if (ssl is not null)
                {
                    await ssl.WriteAsync(response, _stop.Token);
                    await ssl.ShutdownAsync();
                }
                else
                {
                    await socket.SendAsync(response, _stop.Token);
                }

                socket.Shutdown(SocketShutdown.Send);
            }

            var filled = 0;
            int end;
            while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var read = await ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                filled += read;
            }

            var head = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
            var path = head[0].Split(' ')[1];
            var length = head.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(p => long.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
            record = new Received(((IPEndPoint)socket.RemoteEndPoint!).Address.ToString(), path);
            _received.Add(record);
            if (path.StartsWith("/refuse", StringComparison.Ordinal))
            {
                await AnswerAsync("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                if (path.StartsWith("/refuse-close", StringComparison.Ordinal))
                {
                    // Closed with the body unread: the client's kernel gets a reset.
                    return;
                }

                // As nginx does after an early answer: the rest of the body is read and thrown away until the client
                // closes, so the client can finish writing and read the answer.
                while (await ReceiveAsync(buffer, SocketFlags.None) > 0)
                {
                }

                return;
            }

            var limit = path.StartsWith("/stall/", StringComparison.Ordinal) || path.StartsWith("/reset/", StringComparison.Ordinal)
                ? long.Parse(path[(path.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture)
                : length;
            record.Add(filled - end - 4);
            while (record.Bytes < limit)
            {
                // MSG_TRUNC: the kernel counts the bytes off the socket without copying them out (nobody reads them),
                // as the native engine's downloads do; a copying receiver costs the sending client's benchmark figures.
                var read = await ReceiveAsync(
                    buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - record.Bytes)), DiscardWithoutCopy ? SocketFlags.Truncated : SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                record.Add(read);
            }

            if (path.StartsWith("/stall/", StringComparison.Ordinal))
            {
                // Read nothing more: the client's send fills the windows and stalls until its timeout closes it.
                record.Finished = true;
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            else if (path.StartsWith("/reset/", StringComparison.Ordinal))
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            else
            {
                await AnswerAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray());

                // Until the client closes: its close after the answer ends the record.
                while (await ReceiveAsync(buffer, SocketFlags.None) > 0)
                {
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException
                                       or System.Security.Authentication.AuthenticationException)
        {
            // The client went away, or the sink is stopping: the record keeps what arrived.
        }
        finally
        {
            ssl?.Dispose();
            if (record is not null)
            {
                record.Finished = true;
            }

            socket.Dispose();
        }
    }
}
