using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Server;
using NUnit.Framework;

namespace NetnsBdd.Tests.Server;

[TestFixture]
[Category("unit")]
[CancelAfter(60_000)]
public sealed class DownloadServerTests
{
    private const int MiB = 1024 * 1024;

    private DownloadServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await DownloadServer.StartAsync(DownloadServerOptions.Loopback(), CancellationToken.None);
        _http = LoopbackHttp.Create();
    }

    [TearDown]
    public async Task StopServer()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(MiB + 7L)]
    public async Task A_download_has_the_exact_length_and_the_pattern_bytes(long size, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(_server.HttpUrl(size), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(size);
        body.LongLength.Should().Be(size);
        ContentPattern.FirstMismatch(0, body).Should().Be(-1);
        var transfer = (await WaitForFinishedAsync(1, cancellationToken)).Single();
        transfer.Should().BeEquivalentTo(new
        {
            RemoteAddress = "127.0.0.1",
            Method = "GET",
            Path = $"/bytes/{size}",
            RangeHeader = (string?)null,
            StatusCode = 200,
            BodyLength = size,
            BytesWritten = size,
            Outcome = TransferOutcome.Completed,
        });
    }

    [TestCase("bytes=0-99", "bytes 0-99/1000", 0L, 100L)]
    [TestCase("bytes=990-", "bytes 990-999/1000", 990L, 10L)]
    [TestCase("bytes=-10", "bytes 990-999/1000", 990L, 10L)]
    [TestCase("bytes=500-5000", "bytes 500-999/1000", 500L, 500L)]
    public async Task A_range_is_served_as_206_with_content_range_and_the_pattern_at_its_offset(
        string range, string contentRange, long offset, long length, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.HttpUrl(1000));
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        response.Content.Headers.GetValues("Content-Range").Should().Equal(contentRange);
        response.Content.Headers.ContentLength.Should().Be(length);
        body.LongLength.Should().Be(length);
        ContentPattern.FirstMismatch(offset, body).Should().Be(-1);
        var transfer = (await WaitForFinishedAsync(1, cancellationToken)).Single();
        transfer.RangeHeader.Should().Be(range);
        transfer.BytesWritten.Should().Be(length);
    }

    [Test]
    public async Task A_range_past_the_end_is_416_with_the_length(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.HttpUrl(1000));
        request.Headers.TryAddWithoutValidation("Range", "bytes=1000-");

        using var response = await _http.SendAsync(request, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
        response.Content.Headers.GetValues("Content-Range").Should().Equal("bytes */1000");
        response.Content.Headers.ContentLength.Should().Be(0);
    }

    [Test]
    public async Task Head_gives_the_length_and_no_body(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, _server.HttpUrl(5 * MiB));

        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(5 * MiB);
        response.Headers.AcceptRanges.Should().Equal("bytes");
        body.Should().BeEmpty();
        (await WaitForFinishedAsync(1, cancellationToken)).Single().BytesWritten.Should().Be(0);
    }

    [TestCase("/nothing-here", HttpStatusCode.NotFound)]
    [TestCase("/bytes/minus-one", HttpStatusCode.BadRequest)]
    [TestCase("/bytes/10?abortAfter=soon", HttpStatusCode.BadRequest)]
    [TestCase("/status/503", HttpStatusCode.ServiceUnavailable)]
    [TestCase("/status/204", HttpStatusCode.NoContent)]
    [TestCase("/status/418", (HttpStatusCode)418)]
    public async Task Other_paths_give_their_status(string path, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_server.HttpBaseUrl, path), cancellationToken);

        response.StatusCode.Should().Be(expected);
        (await WaitForFinishedAsync(1, cancellationToken)).Single().StatusCode.Should().Be((int)expected);
    }

    [TestCase("reset")]
    [TestCase("close")]
    public async Task AbortAfter_cuts_the_body_after_that_many_bytes_and_is_recorded_as_aborted(
        string mode, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(
            _server.HttpUrl(8 * MiB, $"abortAfter={MiB}&abortMode={mode}"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var (body, failure) = await LoopbackHttp.ReadAllAsync(response, cancellationToken);

        response.Content.Headers.ContentLength.Should().Be(8 * MiB);
        failure.Should().NotBeNull("the body stopped short of its Content-Length");
        body.Length.Should().BeInRange(MiB - 64 * 1024, MiB, "the server lets its queue drain before the cut");
        ContentPattern.FirstMismatch(0, body).Should().Be(-1);
        var socketError = Chain(failure!).OfType<System.Net.Sockets.SocketException>().FirstOrDefault()?.SocketErrorCode;
        if (mode == "reset")
        {
            socketError.Should().Be(System.Net.Sockets.SocketError.ConnectionReset);
        }
        else
        {
            socketError.Should().BeNull("a close is a short body, not a reset");
        }

        var transfer = (await WaitForFinishedAsync(1, cancellationToken)).Single();
        transfer.Outcome.Should().Be(TransferOutcome.Aborted);
        transfer.BytesWritten.Should().Be(MiB);
        transfer.BodyLength.Should().Be(8 * MiB);
    }

    [Test]
    public async Task StallAfter_holds_the_body_for_the_stall_then_finishes(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var response = await _http.GetAsync(
            _server.HttpUrl(MiB, "stallAfter=65536&stallMs=1500"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var stalled = await _server.WaitForTransfersAsync(
            t => t.Length == 1 && t[0].BytesWritten == 65536, cancellationToken);
        await Task.Delay(500, cancellationToken);

        _server.Transfers.Single().Should().BeEquivalentTo(new { BytesWritten = 65536L, Outcome = TransferOutcome.InProgress });
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(1400));
        body.Length.Should().Be(MiB);
        ContentPattern.FirstMismatch(0, body).Should().Be(-1);
        stalled.Single().Outcome.Should().Be(TransferOutcome.InProgress);
        (await WaitForFinishedAsync(1, cancellationToken)).Single().Outcome.Should().Be(TransferOutcome.Completed);
    }

    [Test]
    public async Task A_stall_without_a_duration_lasts_until_the_client_gives_up(CancellationToken cancellationToken)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(TimeSpan.FromSeconds(2));

        var read = async () =>
        {
            using var response = await _http.GetAsync(
                _server.HttpUrl(MiB, "stallAfter=1000"), HttpCompletionOption.ResponseHeadersRead, giveUp.Token);
            await response.Content.ReadAsByteArrayAsync(giveUp.Token);
        };

        await read.Should().ThrowAsync<OperationCanceledException>();
        var transfer = (await WaitForFinishedAsync(1, cancellationToken)).Single();
        transfer.Outcome.Should().Be(TransferOutcome.ClientGone);
        transfer.BytesWritten.Should().Be(1000);
    }

    [Test]
    public async Task Server_wide_faults_apply_until_cleared_and_a_query_overrides_them(CancellationToken cancellationToken)
    {
        _server.Faults = ServerFaults.AbortAfter(4096, AbortMode.Close);
        var cut = await DownloadAsync(_server.HttpUrl(MiB), cancellationToken);
        var overridden = await DownloadAsync(_server.HttpUrl(MiB, $"abortAfter={MiB}"), cancellationToken);
        _server.Faults = ServerFaults.None;
        var clean = await DownloadAsync(_server.HttpUrl(MiB), cancellationToken);

        cut.Failure.Should().NotBeNull();
        cut.Body.Length.Should().BeLessThanOrEqualTo(4096);
        overridden.Failure.Should().BeNull("abortAfter at the body's length never cuts it");
        clean.Failure.Should().BeNull();
        clean.Body.Length.Should().Be(MiB);
        var transfers = await WaitForFinishedAsync(3, cancellationToken);
        transfers.Select(t => t.Outcome).Should().Equal(
            TransferOutcome.Aborted, TransferOutcome.Completed, TransferOutcome.Completed);
        transfers[0].BytesWritten.Should().Be(4096);
    }

    [TestCase(0L)]
    [TestCase(MiB + 7L)]
    [TestCase(40L * MiB)]
    public async Task An_upload_is_read_to_its_end_counted_and_answered_204(long size, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(new byte[size]);

        using var response = await _http.PostAsync(new Uri(_server.HttpBaseUrl, $"/upload/{size}"), content, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var transfer = (await WaitForFinishedAsync(1, cancellationToken)).Single();
        transfer.Should().BeEquivalentTo(new
        {
            Method = "POST",
            IsUpload = true,
            StatusCode = 204,
            BytesReceived = size,
            BytesWritten = 0L,
            Outcome = TransferOutcome.Completed,
        });
    }

    [Test]
    public async Task A_chunked_upload_without_a_length_is_counted_too(CancellationToken cancellationToken)
    {
        using var content = new StreamContent(new MemoryStream(new byte[3 * MiB + 1]));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.HttpBaseUrl, "/upload")) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _http.SendAsync(request, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await WaitForFinishedAsync(1, cancellationToken)).Single().BytesReceived.Should().Be(3 * MiB + 1);
    }

    [TestCase("GET", "/upload", "POST")]
    [TestCase("POST", "/bytes/10", "GET, HEAD")]
    public async Task The_wrong_method_is_405_naming_the_allowed_ones(string method, string path, string allowed, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_server.HttpBaseUrl, path));
        if (method == "POST")
        {
            request.Content = new ByteArrayContent(new byte[1000]);
        }

        using var response = await _http.SendAsync(request, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal(allowed.Split(", "));
        (await response.Content.ReadAsStringAsync(cancellationToken)).Should().Contain(path);
    }

    [Test]
    public async Task AbortAfter_cuts_an_upload_once_that_many_body_bytes_were_read(CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(new byte[16 * MiB]);

        var post = async () => await _http.PostAsync(new Uri(_server.HttpBaseUrl, $"/upload?abortAfter={MiB}"), content, cancellationToken);

        await post.Should().ThrowAsync<HttpRequestException>("the server reset the connection mid-body");
        var transfer = (await WaitForFinishedAsync(1, cancellationToken)).Single();
        transfer.Outcome.Should().Be(TransferOutcome.Aborted);
        transfer.BytesReceived.Should().Be(MiB);
    }

    [Test]
    public async Task Https_validates_against_the_lab_ca_only(CancellationToken cancellationToken)
    {
        using var trusting = LoopbackHttp.Create(_server.CaCertificate);

        using var response = await trusting.GetAsync(_server.HttpsUrl(MiB + 7), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var untrusted = () => _http.GetAsync(_server.HttpsUrl(10), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ContentPattern.FirstMismatch(0, body).Should().Be(-1);
        body.Length.Should().Be(MiB + 7);
        (await untrusted.Should().ThrowAsync<HttpRequestException>())
            .WithInnerException<AuthenticationException>();
    }

    [Test]
    public async Task The_ca_file_is_pem_of_the_ca_in_the_processs_scratch_folder_and_is_deleted_on_dispose(CancellationToken cancellationToken)
    {
        var path = _server.CaCertificatePath;
        var thumbprint = _server.CaCertificate.Thumbprint;

        var pem = await File.ReadAllTextAsync(path, cancellationToken);
        using var fromFile = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        await _server.DisposeAsync();

        fromFile.Thumbprint.Should().Be(thumbprint);
        Path.GetDirectoryName(Path.GetDirectoryName(path)).Should().Be(RunScratch.ForProcess.Path, "a loopback server has no lab, so its CA is the test host's");
        File.Exists(path).Should().BeFalse();
        Directory.Exists(Path.GetDirectoryName(path)).Should().BeFalse();
    }

    [Test]
    public async Task Disposing_closes_the_listening_sockets_so_the_ports_can_be_bound_again(CancellationToken cancellationToken)
    {
        var ports = (Http: _server.HttpEndPoint.Port, Https: _server.HttpsEndPoint.Port);

        await _server.DisposeAsync();
        _server = await DownloadServer.StartAsync(
            DownloadServerOptions.Loopback() with { HttpPort = ports.Http, HttpsPort = ports.Https }, cancellationToken);
        using var response = await _http.GetAsync(_server.HttpUrl(10), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.HttpEndPoint.Port.Should().Be(ports.Http);
    }

    [Test]
    public async Task Child_processes_do_not_inherit_the_listening_sockets(CancellationToken cancellationToken)
    {
        var port = _server.HttpEndPoint.Port;

        var listeners = await new NetnsBdd.Drivers.Processes.CommandRunner().ExecuteAsync(
            new NetnsBdd.Drivers.Processes.Command("ss", "-Htlnp", $"sport = :{port}"), cancellationToken);

        listeners.StandardOutput.Should().Contain($":{port}").And.Contain($"pid={Environment.ProcessId},")
            .And.NotContain("\"ss\"", "a child holding the listener would keep the port open after the server stops");
    }

    [Test]
    public async Task A_missing_namespace_is_named_with_the_fix(CancellationToken cancellationToken)
    {
        var start = () => DownloadServer.StartAsync(
            DownloadServerOptions.InNamespace("nbddt-no-such-namespace", IPAddress.Loopback), cancellationToken);

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("'nbddt-no-such-namespace'").And.Contain("ip netns add");
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private async Task<(byte[] Body, Exception? Failure)> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return await LoopbackHttp.ReadAllAsync(response, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return ([], e);
        }
    }

    private Task<System.Collections.Immutable.ImmutableArray<Transfer>> WaitForFinishedAsync(int count, CancellationToken cancellationToken) =>
        _server.WaitForTransfersAsync(t => t.Length == count && t.All(x => x.IsFinished), cancellationToken);
}
