using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NUnit.Framework;

namespace NetnsBdd.Tests.Server;

[TestFixture]
[Category("lab")]
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class DownloadServerLabTests
{
    private const int MiB = 1024 * 1024;

    private readonly CommandRunner _runner = new();
    private TestTopology _topology = null!;
    private string _scratch = null!;

    [SetUp]
    public async Task BuildTopology()
    {
        if (!Privileges.IsRoot)
        {
            Assert.Ignore("Lab tests make network namespaces and need root; run the suite as root (e.g. in CI).");
        }

        ToolCatalog.Require("ip", "wget");
        _topology = await TestTopology.CreateAsync(_runner, clients: 2, CancellationToken.None);
        _scratch = RunScratch.ForProcess.NewFolder(_topology.Prefix);
    }

    [TearDown]
    public async Task RemoveTopology()
    {
        if (_topology is null)
        {
            return;
        }

        await _topology.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
        (await _topology.RemainingNamespacesAsync(CancellationToken.None)).Should().BeEmpty("teardown deletes every test namespace");
    }

    [Test]
    public async Task Wget_in_client_namespaces_downloads_the_pattern_and_the_server_records_the_bytes(CancellationToken cancellationToken)
    {
        await using var server = await StartServerAsync(cancellationToken);
        const long size = 5 * MiB + 3;
        var saved = Path.Combine(_scratch, "c0.bin");

        await Task.WhenAll(
            _runner.ExecuteAsync(Wget.Download(_topology, 0, server.HttpUrl(size), saved), cancellationToken),
            _runner.ExecuteAsync(Wget.Download(_topology, 1, server.HttpUrl(size)), cancellationToken));

        var body = await File.ReadAllBytesAsync(saved, cancellationToken);
        body.LongLength.Should().Be(size);
        ContentPattern.FirstMismatch(0, body).Should().Be(-1);
        var transfers = await server.WaitForTransfersAsync(t => t.Length == 2 && t.All(x => x.IsFinished), cancellationToken);
        transfers.Select(t => t.RemoteAddress).Should().BeEquivalentTo(
            [TestTopology.ClientAddress(0).ToString(), TestTopology.ClientAddress(1).ToString()]);
        transfers.Should().AllSatisfy(t =>
        {
            t.Outcome.Should().Be(TransferOutcome.Completed);
            t.BytesWritten.Should().Be(size);
            t.Path.Should().Be($"/bytes/{size}");
        });
    }

    [Test]
    public async Task The_server_listens_only_inside_its_namespace(CancellationToken cancellationToken)
    {
        // Bound to every address of its namespace on a free port: were it listening in the host's namespace
        // instead, the host's own loopback would reach it.
        await using var server = await DownloadServer.StartAsync(new DownloadServerOptions
        {
            NetworkNamespace = _topology.ServerNamespace,
            Address = TestTopology.ServerAddress,
            BindAddress = IPAddress.Any,
        }, cancellationToken);
        var port = server.HttpEndPoint.Port;

        await _runner.ExecuteAsync(Wget.Download(_topology, 0, server.HttpUrl(MiB)), cancellationToken);
        using var host = new TcpClient();
        var connectOnHostLoopback = async () => await host.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var inNamespace = await _runner.ExecuteAsync(
            TestTopology.InNamespace(_topology.ServerNamespace, "ss", "-Htln", $"sport = :{port}"), cancellationToken);

        (await connectOnHostLoopback.Should().ThrowAsync<SocketException>())
            .Which.SocketErrorCode.Should().Be(SocketError.ConnectionRefused);
        inNamespace.StandardOutput.Should().Contain($":{port}");
    }

    [Test]
    public async Task Wget_over_https_succeeds_with_the_lab_ca_and_fails_with_a_tls_error_without_it(CancellationToken cancellationToken)
    {
        await using var server = await StartServerAsync(cancellationToken);
        var saved = Path.Combine(_scratch, "tls.bin");

        await _runner.ExecuteAsync(
            Wget.Download(_topology, 0, server.HttpsUrl(3 * MiB), saved, server.CaCertificatePath), cancellationToken);
        var refused = await _runner.RunAsync(Wget.Download(_topology, 1, server.HttpsUrl(3 * MiB)), cancellationToken);

        var body = await File.ReadAllBytesAsync(saved, cancellationToken);
        body.Length.Should().Be(3 * MiB);
        ContentPattern.FirstMismatch(0, body).Should().Be(-1);
        refused.ExitCode.Should().Be(Wget.SslFailure, $"wget refuses a certificate it cannot verify; stderr: {refused.StandardError}");
        refused.StandardError.Should().Contain("certificate");
        var transfers = await server.WaitForTransfersAsync(t => t.Any(x => x.IsFinished), cancellationToken);
        transfers.Should().ContainSingle("the refused client never got as far as a request")
            .Which.Should().BeEquivalentTo(new
            {
                RemoteAddress = TestTopology.ClientAddress(0).ToString(),
                BytesWritten = 3L * MiB,
                Outcome = TransferOutcome.Completed,
            });
    }

    [Test]
    public async Task A_reset_fault_is_seen_by_wget_and_recorded_with_the_bytes_sent(CancellationToken cancellationToken)
    {
        await using var server = await StartServerAsync(cancellationToken);
        server.Faults = ServerFaults.AbortAfter(2 * MiB);

        var cut = await _runner.RunAsync(Wget.Download(_topology, 0, server.HttpUrl(16 * MiB)), cancellationToken);

        cut.ExitCode.Should().NotBe(0, "the body ended 14 MiB short");
        var transfer = (await server.WaitForTransfersAsync(t => t.Length == 1 && t[0].IsFinished, cancellationToken)).Single();
        transfer.Outcome.Should().Be(TransferOutcome.Aborted);
        transfer.BytesWritten.Should().Be(2 * MiB);
    }

    [Test]
    public async Task A_stall_holds_wget_until_it_gives_up_and_the_server_records_the_client_gone(CancellationToken cancellationToken)
    {
        await using var server = await StartServerAsync(cancellationToken);
        server.Faults = ServerFaults.StallAfter(MiB);

        var stalled = await _runner.RunAsync(
            Wget.Download(_topology, 0, server.HttpUrl(8 * MiB), readTimeoutSeconds: 2), cancellationToken);

        stalled.ExitCode.Should().NotBe(0, $"wget's read timeout ends a stalled body; stderr: {stalled.StandardError}");
        stalled.Duration.Should().BeGreaterThan(TimeSpan.FromSeconds(1.5));
        var transfer = (await server.WaitForTransfersAsync(t => t.Length == 1 && t[0].IsFinished, cancellationToken)).Single();
        transfer.Outcome.Should().Be(TransferOutcome.ClientGone);
        transfer.BytesWritten.Should().Be(MiB);
    }

    private Task<DownloadServer> StartServerAsync(CancellationToken cancellationToken) =>
        DownloadServer.StartAsync(
            DownloadServerOptions.InNamespace(_topology.ServerNamespace, TestTopology.ServerAddress) with
            {
                CertificateParentFolder = _scratch,
            },
            cancellationToken);
}
