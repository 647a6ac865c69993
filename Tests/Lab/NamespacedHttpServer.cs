using System.Net.Sockets;
using System.Net;
using System.Text;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Tests.Lab;

/// <summary>
/// A test stand-in for the download server: a TcpListener bound inside a namespace via setns (no child process, so
/// nothing outlives the test), answering <c>GET /bytes/N</c> with N bytes. HTTP/1.0-style: one request per connection.
/// </summary>
internal sealed class NamespacedHttpServer : IAsyncDisposable
{
    private static readonly byte[] Chunk = new byte[64 * 1024];

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _disposed;

    private NamespacedHttpServer(TcpListener listener, string ns)
    {
        _listener = listener;
        Namespace = ns;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public string Namespace { get; }

    public int Port { get; }

    public static async Task<NamespacedHttpServer> StartAsync(string ns, int port = 8080)
    {
        var listener = await NetworkNamespace.RunInsideAsync(ns, () =>
        {
            // Both families on one socket: the IPv6 lab tests fetch from it too.
            var l = new TcpListener(IPAddress.IPv6Any, port);
            l.Server.DualMode = true;
            l.Start(512);
            return l;
        });
        return new NamespacedHttpServer(listener, ns);
    }

    public string Url(IPAddress address, long bytes) =>
        $"http://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{Port}/bytes/{bytes}";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    public override string ToString() => $"test HTTP server in {Namespace}:{Port}";

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var request = await ReadHeadAsync(stream);
            var target = request.Split(' ') is [_, var path, ..] ? path : "";
            // /nolength/N: the body ends when the connection closes, with no Content-Length (as some servers send).
            var withLength = !target.StartsWith("/nolength/", StringComparison.Ordinal);
            var prefix = withLength ? "/bytes/" : "/nolength/";
            if (!target.StartsWith(prefix, StringComparison.Ordinal) || !long.TryParse(target[prefix.Length..], out var length) || length < 0)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                return;
            }

            var head = withLength
                ? $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            for (var left = length; left > 0; left -= Chunk.Length)
            {
                await stream.WriteAsync(Chunk.AsMemory(0, (int)Math.Min(left, Chunk.Length)), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping.
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
            if (read == 0)
            {
                break;
            }

            filled += read;
            if (Encoding.ASCII.GetString(buffer, 0, filled).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, filled);
    }
}
