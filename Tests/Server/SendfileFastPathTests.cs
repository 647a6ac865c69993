using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Tests.Emulation;
using NUnit.Framework;

namespace NetnsBdd.Tests.Server;

/// <summary>
/// The server's sendfile path for whole plain-http downloads: which requests it takes, that its responses read as
/// Kestrel's do, and that a connection it served goes on to Kestrel for anything else.
/// </summary>
[TestFixture]
[Category("unit")]
[CancelAfter(60_000)]
public sealed class SendfileFastPathTests
{
    [TestCase("GET /bytes/100 HTTP/1.1\r\nHost: a\r\n\r\n", 100L, false)]
    [TestCase("GET /bytes/0 HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\nUser-Agent: Wget/1.21\r\n\r\n", 0L, true)]
    public void A_whole_get_of_a_byte_count_is_served_by_sendfile(string head, long size, bool close)
    {
        var request = SendfileFastPath.Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(head)));

        request.Should().Be(new SendfileFastPath.PlainRequest($"/bytes/{size}", size, close));
    }

    [TestCase("HEAD /bytes/100 HTTP/1.1\r\nHost: a\r\n\r\n")]
    [TestCase("GET /bytes/100?abortAfter=5 HTTP/1.1\r\nHost: a\r\n\r\n")]
    [TestCase("GET /bytes/100 HTTP/1.1\r\nHost: a\r\nRange: bytes=0-9\r\n\r\n")]
    [TestCase("GET /bytes/100 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n")]
    [TestCase("GET /bytes/100 HTTP/1.1\r\n\r\n")]
    [TestCase("GET /bytes/100 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [TestCase("GET /bytes/100 HTTP/1.0\r\nHost: a\r\n\r\n")]
    [TestCase("GET /bytes/-1 HTTP/1.1\r\nHost: a\r\n\r\n")]
    [TestCase("GET /status/200 HTTP/1.1\r\nHost: a\r\n\r\n")]
    [TestCase("GET /bytes/100 HTTP/1.1\r\nHost : a\r\n\r\n")]
    public void Anything_else_is_left_to_kestrel(string head)
    {
        SendfileFastPath.Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(head))).Should().BeNull();
    }

    [Test]
    public async Task The_sendfile_response_carries_the_same_head_and_body_as_kestrels(CancellationToken cancellationToken)
    {
        const long size = 3 * 1024 * 1024 + 5;
        var fast = await GetOnceAsync(zeroCopy: true, size, cancellationToken);
        var kestrel = await GetOnceAsync(zeroCopy: false, size, cancellationToken);

        WithoutDate(fast.Head).Should().Equal(WithoutDate(kestrel.Head));
        fast.Body.Should().Equal(kestrel.Body);
        ContentPattern.FirstMismatch(0, fast.Body).Should().Be(-1);
    }

    [Test]
    public async Task A_connection_goes_on_to_kestrel_after_a_sendfile_body_and_every_byte_is_accounted(CancellationToken cancellationToken)
    {
        // Judges acknowledged bytes, which come from TCP_INFO.
        Qemu.SkipIfTcpInfoIsTruncated();
        const long size = 2 * 1024 * 1024 + 3;
        await using var server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback(), cancellationToken);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.HttpEndPoint, cancellationToken);
        var reader = new ResponseReader(socket);

        // As a keep-alive client does: the next request once the previous response is read.
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /bytes/{size} HTTP/1.1\r\nHost: a\r\n\r\n"), cancellationToken);
        var first = await reader.ReadAsync(cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /bytes/1000 HTTP/1.1\r\nHost: a\r\nRange: bytes=10-19\r\nConnection: close\r\n\r\n"), cancellationToken);
        var second = await reader.ReadAsync(cancellationToken);
        var transfers = await server.WaitForTransfersAsync(
            t => t.Length == 2 && t.All(x => x.IsFinished) && t[0].BytesAcked == t[0].BytesWritten, cancellationToken);

        first.Head[0].Should().Be("HTTP/1.1 200 OK");
        first.Body.LongLength.Should().Be(size);
        ContentPattern.FirstMismatch(0, first.Body).Should().Be(-1);
        second.Head[0].Should().Be("HTTP/1.1 206 Partial Content");
        second.Body.Should().Equal(Pattern(10, 10));
        transfers.Select(t => (t.Path, t.RangeHeader, t.StatusCode, t.BytesWritten, t.Outcome)).Should().Equal(
            ($"/bytes/{size}", (string?)null, 200, size, TransferOutcome.Completed),
            ("/bytes/1000", "bytes=10-19", 206, 10L, TransferOutcome.Completed));

        // Kestrel's own acknowledged figure for a response it ends with a close is read until the close and may miss
        // the last segment's ACK (a .NET close zeroes the kernel's figure), so only its bound is checked here.
        transfers[1].BytesAcked.Should().NotBeNull().And.BeInRange(0, 10);
    }

    [Test]
    public async Task A_request_pipelined_behind_a_sendfile_body_reaches_kestrel_as_it_was_sent(CancellationToken cancellationToken)
    {
        const long size = 2 * 1024 * 1024 + 3;
        await using var server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback(), cancellationToken);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.HttpEndPoint, cancellationToken);

        // Both requests in one send: the second is already in the transport's buffer when the first is served.
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /bytes/{size} HTTP/1.1\r\nHost: a\r\n\r\nGET /bytes/1000 HTTP/1.1\r\nHost: a\r\nRange: bytes=10-19\r\nConnection: close\r\n\r\n"), cancellationToken);
        var reader = new ResponseReader(socket);
        var first = await reader.ReadAsync(cancellationToken);
        var second = await reader.ReadAsync(cancellationToken);

        first.Body.LongLength.Should().Be(size);
        ContentPattern.FirstMismatch(0, first.Body).Should().Be(-1);
        second.Head[0].Should().Be("HTTP/1.1 206 Partial Content");
        second.Body.Should().Equal(Pattern(10, 10));
    }

    [Test]
    public async Task A_client_leaving_mid_body_is_recorded_gone_with_its_bytes_between_acknowledged_and_written(CancellationToken cancellationToken)
    {
        // Judges acknowledged bytes, which come from TCP_INFO.
        Qemu.SkipIfTcpInfoIsTruncated();
        const long size = 1L << 30;
        await using var server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback(), cancellationToken);
        long read = 0;
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(server.HttpEndPoint, cancellationToken);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /bytes/{size} HTTP/1.1\r\nHost: a\r\n\r\n"), cancellationToken);
            var buffer = new byte[64 * 1024];
            while (read < 4 * 1024 * 1024)
            {
                read += await socket.ReceiveAsync(buffer, cancellationToken);
            }
        }

        var transfer = (await server.WaitForTransfersAsync(t => t.Length == 1 && t[0].IsFinished, cancellationToken)).Single();

        transfer.Outcome.Should().Be(TransferOutcome.ClientGone);
        transfer.BytesWritten.Should().BeInRange(read, size - 1);
        transfer.BytesAcked.Should().NotBeNull().And.BeLessThanOrEqualTo(transfer.BytesWritten);
    }

    [Test]
    public async Task Stopping_the_server_cuts_a_sendfile_body_the_client_stopped_reading(CancellationToken cancellationToken)
    {
        var server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback(), cancellationToken);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.HttpEndPoint, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /bytes/{1L << 30} HTTP/1.1\r\nHost: a\r\n\r\n"), cancellationToken);
        await server.WaitForTransfersAsync(t => t.Length == 1 && t[0].BytesWritten > 0, cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await server.DisposeAsync();

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "the sendfile path is cut when the server stops, not after Kestrel's shutdown timeout");
        server.Transfers.Single().Outcome.Should().Be(TransferOutcome.ClientGone);
    }

    private static async Task<(string[] Head, byte[] Body)> GetOnceAsync(bool zeroCopy, long size, CancellationToken cancellationToken)
    {
        await using var server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback() with { ZeroCopy = zeroCopy }, cancellationToken);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.HttpEndPoint, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /bytes/{size} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), cancellationToken);
        return await new ResponseReader(socket).ReadAsync(cancellationToken);
    }

    private static string[] WithoutDate(string[] head) =>
        [.. head.Where(line => !line.StartsWith("Date:", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];

    private static byte[] Pattern(long offset, int length)
    {
        var bytes = new byte[length];
        ContentPattern.Fill(offset, bytes);
        return bytes;
    }

    /// <summary>Reads Content-Length-framed HTTP/1.1 responses one after another from a socket.</summary>
    private sealed class ResponseReader(Socket socket)
    {
        private readonly List<byte> _pending = [];

        public async Task<(string[] Head, byte[] Body)> ReadAsync(CancellationToken cancellationToken)
        {
            int end;
            while ((end = IndexOfHeadEnd()) < 0)
            {
                await FillAsync(cancellationToken);
            }

            var head = Encoding.ASCII.GetString([.. _pending.Take(end)]).Split("\r\n");
            _pending.RemoveRange(0, end + 4);
            var length = long.Parse(
                head.Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(),
                CultureInfo.InvariantCulture);
            while (_pending.Count < length)
            {
                await FillAsync(cancellationToken);
            }

            var body = _pending.Take((int)length).ToArray();
            _pending.RemoveRange(0, (int)length);
            return (head, body);
        }

        private int IndexOfHeadEnd() => CollectionsMarshalSpan().IndexOf("\r\n\r\n"u8);

        private ReadOnlySpan<byte> CollectionsMarshalSpan() => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending);

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[256 * 1024];
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"The server closed the connection with {_pending.Count} bytes of a response pending.");
            }

            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }
}
