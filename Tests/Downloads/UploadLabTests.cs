using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Processes;
using NUnit.Framework;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// Uploads and both-ways loads against the real embedded lab, each engine in turn: ten clients POST a 16 MiB file to
/// a test-local sink in the server namespace (<see cref="UploadSink"/>: it counts every body byte it read, and
/// plays a server that refuses, stalls or resets), and download from the lab's own server at the same time.
/// </summary>
[TestFixture(DownloadEngineKind.Wget)]
[TestFixture(DownloadEngineKind.Native)]
[Category("lab")]
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class UploadLabTests(DownloadEngineKind engine)
{
    private const int Clients = 10;
    private const long MiB = 1024 * 1024;

    private DownloadLab _lab = null!;
    private UploadSink _sink = null!;
    private UploadFile _file = null!;

    [OneTimeSetUp]
    public async Task StartLab()
    {
        if (!Privileges.IsRoot)
        {
            Assert.Ignore("Lab tests make network namespaces and need root; run the suite as root (e.g. in CI).");
        }

        _lab = await DownloadLab.StartAsync(Clients);
        _sink = await UploadSink.StartAsync(_lab.Lab.Server!.Namespace, _lab.Lab.Server.Address, _lab.Lab.Scratch.Path);
        _file = await UploadFile.CreateAsync(_lab.Lab.Scratch.Path, 16 * MiB);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        _file?.Dispose();
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }

        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    [SetUp]
    public void Forget()
    {
        _sink.Clear();
        _lab.Server.ClearTransfers();
    }

    private DownloadRequest Upload(string path, TimeSpan timeout) =>
        new(_lab.Server.HttpUrl(1), timeout) { Load = LoadDirection.Upload, UploadUrl = _sink.Url(path), UploadFilePath = _file.Path };

    private string NamespaceOf(string address) => _lab.AddressOfNamespace.Single(p => p.Value == address).Key;

    [Test]
    public async Task Ten_clients_upload_16_MiB_each_and_the_server_received_every_byte(CancellationToken cancellationToken)
    {
        var run = await DownloadLab.Manager(engine).StartParallelAsync(_lab.Namespaces, Upload("/upload/16m", TimeSpan.FromSeconds(60)), cancellationToken);

        run.Download.Should().BeNull("an upload load has no download half");
        var upload = run.Upload!;
        upload.Aggregate.Succeeded.Should().Be(Clients, upload.Describe());
        var received = await _sink.FinishedAsync(Clients, cancellationToken);
        upload.Results.Should().AllSatisfy(r =>
        {
            r.Direction.Should().Be(TransferDirection.Upload);
            r.Outcome.Should().Be(DownloadOutcome.Ok, r.Stderr);
            r.Bytes.Should().Be(_file.Bytes);
            r.BytesExact.Should().BeTrue();
            r.Command.Should().MatchRegex("POST|--post-file");
            r.TimeToResponse.Should().NotBeNull();
            received.Where(x => NamespaceOf(x.RemoteAddress) == r.Namespace).Sum(x => x.Bytes)
                .Should().Be(r.Bytes, "the server read every byte {0} says it sent", r.Namespace);
        });
        if (engine == DownloadEngineKind.Native)
        {
            upload.Results.Should().AllSatisfy(r => r.BytesAcked.Should().Be(_file.Bytes));
        }

        upload.Aggregate.TotalBytes.Should().Be(Clients * _file.Bytes);
        upload.Aggregate.GoodputMbps.Should().BePositive();
        TestContext.Out.WriteLine($"upload goodput {upload.Aggregate.GoodputMbps:0.0} Mbit/s, fairness {upload.Aggregate.Fairness:0.000}");
    }

    [Test]
    public async Task A_stalled_upload_is_interrupted_by_the_timeout_with_what_its_kernel_took(CancellationToken cancellationToken)
    {
        // The sink reads 3 MiB of each body and then nothing: the clients' sends stall until the timeout.
        const long read = 3 * MiB;
        var run = await DownloadLab.Manager(engine).StartParallelAsync(
            _lab.Namespaces, Upload($"/stall/{read}", TimeSpan.FromSeconds(3)), cancellationToken);

        var received = await _sink.FinishedAsync(Clients, cancellationToken);
        run.Upload!.Results.Should().AllSatisfy(r =>
        {
            r.Outcome.Should().Be(DownloadOutcome.Timeout, r.Stderr);
            r.Interrupted.Should().BeTrue();
            r.Duration.Should().BeApproximately(3, 0.5);
            received.Single(x => NamespaceOf(x.RemoteAddress) == r.Namespace).Bytes.Should().Be(read);

            // The client's kernel took more than the server read (its receive buffer and the client's send buffer
            // hold the rest), and never more than the file.
            r.Bytes.Should().BeGreaterThan(read, r.Summary).And.BeLessThanOrEqualTo(_file.Bytes);
            if (r.BytesAcked is { } acked)
            {
                acked.Should().BeGreaterThanOrEqualTo(read).And.BeLessThanOrEqualTo(r.Bytes);
            }

            TestContext.Out.WriteLine($"{r.Summary}; acked {r.BytesAcked}, exact {r.BytesExact} ±{r.BytesResolution}");
            if (engine == DownloadEngineKind.Native)
            {
                // Sampled every 100 ms from the socket's kernel counts, never falling back.
                r.Progress.Should().HaveCountGreaterThan(10).And.BeInAscendingOrder(p => p.Bytes);
                r.Progress[^1].Bytes.Should().Be(r.Bytes);
            }
        });
    }

    [Test]
    public async Task Cancelling_mid_upload_stops_every_client_and_throws(CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var upload = DownloadLab.Manager(engine).StartParallelAsync(_lab.Namespaces, Upload($"/stall/{MiB}", TimeSpan.FromSeconds(60)), cancel.Token);
        for (var i = 0; i < 100 && _sink.Connections.Count(c => c.Bytes >= MiB) < Clients; i++)
        {
            await Task.Delay(50, cancellationToken);
        }

        await cancel.CancelAsync();

        await upload.Invoking(u => u).Should().ThrowAsync<OperationCanceledException>();
        var runner = new CommandRunner();
        foreach (var ns in _lab.Namespaces)
        {
            var pids = await runner.ExecuteAsync(new Command("ip", "netns", "pids", ns).AsRoot(), cancellationToken);
            pids.StandardOutput.Trim().Should().BeEmpty("no wget or timeout of the run may outlive the cancellation in {0}", ns);
        }
    }

    [Test]
    public async Task Https_uploads_every_byte_with_the_lab_ca_and_is_a_tls_error_without_it(CancellationToken cancellationToken)
    {
        var trusted = Upload("/upload/tls", TimeSpan.FromSeconds(60)) with
        {
            UploadUrl = _sink.TlsUrl("/upload/tls"), CaCertificatePath = _sink.CaCertificatePath,
        };
        var manager = DownloadLab.Manager(engine);

        var run = await manager.StartParallelAsync(_lab.Namespaces, trusted, cancellationToken);
        var received = await _sink.FinishedAsync(Clients, cancellationToken);
        var untrusted = await manager.StartParallelAsync(_lab.Namespaces, trusted with { CaCertificatePath = null }, cancellationToken);

        run.Upload!.Results.Should().AllSatisfy(r =>
        {
            r.Outcome.Should().Be(DownloadOutcome.Ok, r.Stderr);
            r.Bytes.Should().Be(_file.Bytes);
            received.Where(x => NamespaceOf(x.RemoteAddress) == r.Namespace).Sum(x => x.Bytes).Should().Be(_file.Bytes);
            r.BytesAcked.Should().BeNull("over TLS the kernel counts records, not body bytes");
        });
        untrusted.Upload!.Results.Should().AllSatisfy(r => r.Outcome.Should().Be(DownloadOutcome.TlsError, r.Stderr));
    }

    [Test]
    public async Task A_server_that_refuses_the_post_is_an_http_error_405(CancellationToken cancellationToken)
    {
        var run = await DownloadLab.Manager(engine).StartParallelAsync(_lab.Namespaces, Upload("/refuse", TimeSpan.FromSeconds(30)), cancellationToken);

        run.Upload!.Results.Should().AllSatisfy(r =>
        {
            r.Outcome.Should().Be(DownloadOutcome.HttpError, r.Stderr);
            r.HttpStatus.Should().Be(405);
            r.Interrupted.Should().BeFalse();
        });
    }

    [Test]
    public async Task A_server_that_answers_405_and_closes_under_the_body_is_heard_by_native_and_a_network_failure_for_wget(CancellationToken cancellationToken)
    {
        var run = await DownloadLab.Manager(engine).StartParallelAsync(_lab.Namespaces, Upload("/refuse-close", TimeSpan.FromSeconds(30)), cancellationToken);

        run.Upload!.Results.Should().AllSatisfy(r =>
        {
            if (engine == DownloadEngineKind.Native)
            {
                // The native engine reads the response beside the body, so the early answer is the outcome.
                r.Outcome.Should().Be(DownloadOutcome.HttpError, r.Stderr);
                r.HttpStatus.Should().Be(405);
            }
            else
            {
                // wget writes the whole body before it reads: the reset under the body is what it sees, and the
                // engine says so where wget only says "Giving up.".
                r.Outcome.Should().Be(DownloadOutcome.NetworkFailure, r.Stderr);
                r.Stderr.Should().Contain("server closed or reset the connection under it");
            }

            r.Interrupted.Should().BeFalse();
        });
    }

    [Test]
    public async Task A_server_that_resets_mid_body_is_a_network_failure(CancellationToken cancellationToken)
    {
        var run = await DownloadLab.Manager(engine).StartParallelAsync(
            _lab.Namespaces, Upload($"/reset/{MiB}", TimeSpan.FromSeconds(30)), cancellationToken);

        var received = await _sink.FinishedAsync(Clients, cancellationToken);
        run.Upload!.Results.Should().AllSatisfy(r =>
        {
            r.Outcome.Should().Be(DownloadOutcome.NetworkFailure, r.Stderr);
            r.Interrupted.Should().BeFalse("the time limit did not cut it");
            received.Single(x => NamespaceOf(x.RemoteAddress) == r.Namespace).Bytes.Should().Be(MiB);
            if (engine == DownloadEngineKind.Native)
            {
                // The socket's kernel counted what it took before the reset: at least what the server read.
                r.BytesExact.Should().BeTrue();
                r.Bytes.Should().BeGreaterThanOrEqualTo(MiB, r.Summary).And.BeLessThan(_file.Bytes);
                r.BytesAcked.Should().BeGreaterThanOrEqualTo(MiB).And.BeLessThanOrEqualTo(r.Bytes);
            }
            else
            {
                // wget's socket is gone when it reports the failure: the count is unknown, and says so.
                r.BytesExact.Should().BeFalse(r.Summary);
                (r.Bytes + r.BytesResolution).Should().BeGreaterThanOrEqualTo(MiB);
            }
        });
    }

    [Test]
    public async Task A_closed_port_refuses_every_upload_at_once(CancellationToken cancellationToken)
    {
        var url = new UriBuilder(_sink.BaseUrl) { Port = 81, Path = "/upload/x" }.Uri;
        var request = Upload("/upload/x", TimeSpan.FromSeconds(30)) with { UploadUrl = url };

        var run = await DownloadLab.Manager(engine).StartParallelAsync(_lab.Namespaces, request, cancellationToken);

        run.Upload!.Results.Should().AllSatisfy(r =>
        {
            r.Outcome.Should().Be(DownloadOutcome.ConnectionRefused, r.Stderr);
            r.Bytes.Should().Be(0);
            r.Duration.Should().BeLessThan(2);
        });
    }

    [Test]
    public async Task Both_ways_every_client_downloads_and_uploads_released_by_one_gate(CancellationToken cancellationToken)
    {
        const long size = 8 * MiB;
        var request = Upload("/upload/both", TimeSpan.FromSeconds(60)) with
        {
            Load = LoadDirection.Both,
            ExpectedBytes = size,
        };
        request = new DownloadRequest(_lab.Server.HttpUrl(size), request.Timeout)
        {
            Load = request.Load, UploadUrl = request.UploadUrl, UploadFilePath = request.UploadFilePath, ExpectedBytes = size,
        };

        var run = await DownloadLab.Manager(engine).StartParallelAsync(_lab.Namespaces, request, cancellationToken);

        run.Load.Should().Be(LoadDirection.Both);
        run.Download!.Results.Select(r => r.Namespace).Should().Equal(_lab.Namespaces);
        run.Upload!.Results.Select(r => r.Namespace).Should().Equal(_lab.Namespaces);
        run.Download.Results.Should().AllSatisfy(r =>
        {
            r.Direction.Should().Be(TransferDirection.Download);
            r.Outcome.Should().Be(DownloadOutcome.Ok, r.Stderr);
            r.Bytes.Should().Be(size);
        });
        run.Upload.Results.Should().AllSatisfy(r =>
        {
            r.Direction.Should().Be(TransferDirection.Upload);
            r.Outcome.Should().Be(DownloadOutcome.Ok, r.Stderr);
            r.Bytes.Should().Be(_file.Bytes);
        });
        var all = run.AllResults.ToArray();
        all.Should().HaveCount(2 * Clients).And.AllSatisfy(r => r.Gated.Should().BeTrue(r.Summary));
        var spread = all.Max(r => r.StartedAt) - all.Min(r => r.StartedAt);
        spread.Should().BeLessThan(TimeSpan.FromMilliseconds(1), "all 2N transfers leave one gate at one release");
        var received = await _sink.FinishedAsync(Clients, cancellationToken);
        received.Sum(x => x.Bytes).Should().Be(Clients * _file.Bytes);
        TestContext.Out.WriteLine(
            $"down {run.Download.Aggregate.GoodputMbps:0.0} Mbit/s, up {run.Upload.Aggregate.GoodputMbps:0.0} Mbit/s; first-byte spread down {run.Download.Aggregate.FirstByteSpreadSeconds * 1000:0.0} ms, up {run.Upload.Aggregate.FirstByteSpreadSeconds * 1000:0.0} ms");
    }
}
