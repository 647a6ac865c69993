using System.Net;
using FluentAssertions;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Tests.Emulation;
using NUnit.Framework;

namespace NetnsBdd.Tests.Server;

/// <summary>
/// BytesAcked is the byte truth of a cut transfer; a completed one pins it down, since everything written must
/// end up acknowledged: any error in the response-head arithmetic or the tcp_info offset shows as a difference.
/// </summary>
[TestFixture]
[Category("unit")]
[CancelAfter(30_000)]
public sealed class AckedBytesTests
{
    [SetUp]
    public void NeedsTheKernelsTcpInfo() => Qemu.SkipIfTcpInfoIsTruncated();

    [TestCase(0L, "")]
    [TestCase(1L, "")]
    [TestCase(3L * 1024 * 1024 + 5, "")]
    [TestCase(1000L, "range")]
    public async Task A_completed_http_transfer_is_acknowledged_to_the_last_body_byte(long size, string variant, CancellationToken cancellationToken)
    {
        await using var server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback(), cancellationToken);
        using var http = LoopbackHttp.Create();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.HttpUrl(size));
        if (variant == "range")
        {
            request.Headers.TryAddWithoutValidation("Range", "bytes=10-99");
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        var transfers = await SettledAsync(server, cancellationToken);
        transfers[0].BytesAcked.Should().Be(body.LongLength, "every body byte the client read was acknowledged, and nothing of the head counts");
    }

    [Test]
    public async Task A_404_body_is_acknowledged_without_its_head(CancellationToken cancellationToken)
    {
        await using var server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback(), cancellationToken);
        using var http = LoopbackHttp.Create();

        using var response = await http.GetAsync(new Uri(server.HttpBaseUrl, "/status/404"), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var transfers = await SettledAsync(server, cancellationToken);
        transfers[0].BytesAcked.Should().Be(body.LongLength);
    }

    [Test]
    public async Task Https_transfers_report_no_acknowledged_body_bytes(CancellationToken cancellationToken)
    {
        await using var server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback(), cancellationToken);
        using var http = LoopbackHttp.Create(server.CaCertificate);

        (await http.GetByteArrayAsync(server.HttpsUrl(1000), cancellationToken)).Should().HaveCount(1000);

        var transfers = await server.WaitForTransfersAsync(t => t.Length == 1 && t[0].IsFinished, cancellationToken);
        transfers[0].BytesAcked.Should().BeNull("TLS records are not payload, so acknowledged bytes would not be body bytes");
    }

    /// <summary>
    /// The client's ACK of the last segment may trail its read by a delayed-ACK interval: wait a bounded time for the
    /// figures to agree, then hand back whatever there is, so a real difference fails the assertion with its values.
    /// </summary>
    private static async Task<System.Collections.Immutable.ImmutableArray<Transfer>> SettledAsync(
        DownloadServer server, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await server.WaitForTransfersAsync(
                t => t.Length == 1 && t[0].IsFinished && t[0].BytesAcked == t[0].BytesWritten, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Fall through to the assertion, which names the figures.
        }

        return server.Transfers;
    }
}
