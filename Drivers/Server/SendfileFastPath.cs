using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// A connection middleware on the plain-http listener that serves the common request itself: a whole
/// <c>GET /bytes/{n}</c> (no query, no Range, no request body, no fault in force) goes out with sendfile() from the
/// <see cref="PatternFile"/>, so the body's bytes are never copied by the CPU on the server's side (Kestrel copies
/// each slice into its pipe and the kernel copies it again into the socket: measured here that was most of the lab's
/// CPU per GB with the native engine). Every other request (HEAD, ranges, faults, /status, errors, anything odd) and
/// everything after it on the same connection is left to Kestrel untouched, so their behaviour is Kestrel's.
/// <para>
/// The request head is only looked at until the decision: a request passed on is still unconsumed in the transport's
/// pipe. A served one is logged as Kestrel's are (a <see cref="TransferLog.Entry"/> with the head's size and the
/// acknowledged bytes from TCP_INFO); the written count is what sendfile reported handed to the kernel, exact also for
/// a client that leaves mid-body.
/// </para>
/// </summary>
internal sealed class SendfileFastPath(PatternFile pattern, TransferLog log, Func<ServerFaults> serverFaults, CancellationToken stopping)
{
    private const string BytesPrefix = "/bytes/";

    /// <summary>A longer head is not a plain download: Kestrel decides what it is (its own limit is 32 KiB).</summary>
    private const int MaxHeadBytes = 8 * 1024;

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    public ConnectionDelegate Use(ConnectionDelegate next) => connection => RunAsync(connection, next);

    private async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket || await ServeAllAsync(connection, socket).ConfigureAwait(false))
        {
            await next(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Serves the connection's requests while they are plain downloads; true when Kestrel is to take over.</summary>
    private async Task<bool> ServeAllAsync(ConnectionContext connection, Socket socket)
    {
        var input = connection.Transport.Input;

        // A stopping server cuts a body it serves here itself; the connections Kestrel serves it stops its own way.
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(stopping, connection.ConnectionClosed);
        using var abortOnStop = cut.Token.Register(static state => ((ConnectionContext)state!).Abort(), connection);
        using var sender = new PacketSender();
        TransferLog.Entry? last = null;
        try
        {
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await input.ReadAsync(cut.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                var buffer = read.Buffer;
                var end = IndexOf(buffer, HeadEnd);
                if (end < 0)
                {
                    if (read.IsCompleted || read.IsCanceled || buffer.Length > MaxHeadBytes)
                    {
                        // A cut or oversized head: Kestrel says the right thing about it (nothing, if nothing came).
                        input.AdvanceTo(buffer.Start);
                        return !buffer.IsEmpty;
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                var headLength = end + HeadEnd.Length;
                if (headLength > MaxHeadBytes || Parse(buffer.Slice(0, headLength)) is not { } request || !serverFaults().IsNone)
                {
                    // Left unconsumed, so Kestrel reads the request as it came.
                    input.AdvanceTo(buffer.Start);
                    return true;
                }

                input.AdvanceTo(buffer.GetPosition(headLength));
                var (outcome, entry) = await ServeAsync(connection, socket, sender, request).ConfigureAwait(false);
                last = entry;
                if (outcome != TransferOutcome.Completed)
                {
                    return false;
                }

                if (request.Close)
                {
                    await CloseAsync(socket, input, cut.Token).ConfigureAwait(false);
                    return false;
                }
            }
        }
        finally
        {
            // The last acknowledged count, read while the connection still exists: the client has closed (or is
            // gone), so every byte it got is acknowledged, and .NET's close of the socket would zero the kernel's
            // figure.
            last?.PollAcks();
        }
    }

    /// <summary>
    /// A response the client asked to be the last: a FIN after the body, then waiting (at most
    /// <see cref="CloseLinger"/>) for the client's own close, so the final acknowledged count is complete when read.
    /// </summary>
    private static async Task CloseAsync(Socket socket, PipeReader input, CancellationToken cancellationToken)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return;
        }

        using var linger = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linger.CancelAfter(CloseLinger);
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(linger.Token).ConfigureAwait(false);
                input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client kept the connection open past the linger (or the server is stopping): close it anyway.
        }
    }

    private static readonly TimeSpan CloseLinger = TimeSpan.FromSeconds(5);

    private async Task<(TransferOutcome Outcome, TransferLog.Entry Entry)> ServeAsync(
        ConnectionContext connection, Socket socket, PacketSender sender, PlainRequest request)
    {
        var remote = (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "";
        var entry = log.Begin(remote, "GET", request.Path, null);
        if (AckedBytes.Open(socket) is { } acks)
        {
            entry.TrackAcks(acks);
            connection.ConnectionClosed.Register(static state => ((AckedBytes)state!).Dispose(), acks);
        }

        var outcome = TransferOutcome.ClientGone;
        try
        {
            var head = Head(request.Size, request.Close);
            entry.Respond(200, request.Size);

            // Corked, the head leaves in one segment with the body's start, not as a packet of its own: with 500
            // clients released at once, every extra packet is one more in the host's per-CPU backlog.
            Cork(socket, true);
            if (!await sender.SendAsync(socket, new SendPacketsElement(head)).ConfigureAwait(false))
            {
                return (outcome, entry);
            }

            entry.HeadSent(head.Length);
            long written = 0;
            while (written < request.Size)
            {
                var piece = (int)Math.Min(request.Size - written, PatternFile.MaxChunk);

                // Counted before the send, as Kestrel's path does: a send the client's departure cuts may have moved
                // part of the piece, and the written count must stay an upper bound of what can have arrived.
                entry.Wrote(piece);
                var whole = await sender.SendAsync(socket, new SendPacketsElement(pattern.Stream, PatternFile.FileOffset(written), piece)).ConfigureAwait(false);
                entry.PollAcks();
                written += piece;
                if (!whole)
                {
                    return (outcome, entry);
                }
            }

            outcome = TransferOutcome.Completed;
            return (outcome, entry);
        }
        finally
        {
            Cork(socket, false);
            entry.Finish(outcome);
        }
    }

    private static void Cork(Socket socket, bool on)
    {
        try
        {
            socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, TcpCork, BitConverter.GetBytes(on ? 1 : 0));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The connection is gone: nothing left to hold back or to flush.
        }
    }

    private const int TcpCork = 3;

    /// <summary>What Kestrel would send for the same request (Date, then the headers in the endpoint's order).</summary>
    private static byte[] Head(long size, bool close) => Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n{(close ? "Connection: close\r\n" : "")}Content-Type: application/octet-stream\r\n" +
        $"Date: {DateTimeOffset.UtcNow:r}\r\nAccept-Ranges: bytes\r\n\r\n"));

    /// <summary>A request this path serves, or null for one it leaves to Kestrel.</summary>
    internal static PlainRequest? Parse(ReadOnlySequence<byte> head)
    {
        var text = Encoding.ASCII.GetString(head);
        var lines = text.Split("\r\n");
        var first = lines[0].Split(' ');
        if (first.Length != 3 || first[0] != "GET" || first[2] != "HTTP/1.1" || !first[1].StartsWith(BytesPrefix, StringComparison.Ordinal)
            || !long.TryParse(first[1].AsSpan(BytesPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }

        var close = false;
        var host = false;
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || char.IsWhiteSpace(line[colon - 1]) || line.Any(c => c > 0x7e || (c < 0x20 && c != '\t')))
            {
                return null;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                if (host)
                {
                    return null;
                }

                host = true;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close |= value.Split(',').Any(token => token.Trim().Equals("close", StringComparison.OrdinalIgnoreCase));
            }
            else if (name.Equals("Range", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                     || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
                     || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        // HTTP/1.1 without Host is a 400, which is Kestrel's to send.
        return host ? new PlainRequest(first[1], size, close) : null;
    }

    private static long IndexOf(ReadOnlySequence<byte> buffer, byte[] value)
    {
        if (buffer.IsSingleSegment)
        {
            return buffer.FirstSpan.IndexOf(value);
        }

        var length = (int)Math.Min(buffer.Length, MaxHeadBytes + value.Length);
        var copy = buffer.Slice(0, length).ToArray();
        return copy.AsSpan().IndexOf(value);
    }

    internal sealed record PlainRequest(string Path, long Size, bool Close);

    /// <summary>
    /// One SendPacketsAsync at a time on a reused SocketAsyncEventArgs (on Linux, .NET sends a file element with
    /// sendfile() and waits on epoll while the socket is full, and a buffer element with send()).
    /// </summary>
    private sealed class PacketSender : IDisposable
    {
        private readonly SocketAsyncEventArgs _args = new();
        private TaskCompletionSource<bool>? _pending;

        public PacketSender() => _args.Completed += (_, e) => _pending!.TrySetResult(e.SocketError == SocketError.Success);

        /// <summary>True once the kernel took all of <paramref name="element"/>; false when the connection failed first.</summary>
        public Task<bool> SendAsync(Socket socket, SendPacketsElement element)
        {
            _args.SendPacketsElements = [element];
            _pending = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                return socket.SendPacketsAsync(_args) ? _pending.Task : Task.FromResult(_args.SocketError == SocketError.Success);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return Task.FromResult(false);
            }
        }

        public void Dispose() => _args.Dispose();
    }
}
