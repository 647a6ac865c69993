using FluentAssertions;
using NetnsBdd.Drivers;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Support;
using NetnsBdd.Support.Bdd;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class DownloadStepDefinitions(LabDriver lab, DownloadPlan plan, DownloadContext downloads, DownloadManager manager)
{
    private const long Mebibyte = 1024 * 1024;

    [Given("a file of {int} MB")]
    public void GivenAFileOf(int megabytes) => plan.FileSizeBytes = megabytes * Mebibyte;

    [Given("a download timeout of {double} second(s)")]
    public void GivenADownloadTimeout(double seconds) => plan.TimeoutSeconds = seconds;

    [Given("the download uses https")]
    public void GivenHttps() => plan.Https = true;

    [Given("the clients download a file that does not exist")]
    public void GivenAMissingFile() => plan.MissingFile = true;

    [When("all clients start parallel download")]
    public async Task WhenAllClientsStartParallelDownload(CancellationToken cancellationToken)
    {
        downloads.Run = await manager.StartParallelDownloadAsync(lab.ClientNamespaces, lab.RequestFor(plan), cancellationToken);
        lab.CheckAgainstShaping(downloads.Run);
    }

    [Then("every client completes the download within the timeout")]
    public void ThenEveryClientCompletes() =>
        downloads.Run.Results.Where(r => !r.Success || r.Duration > plan.TimeoutSeconds).Select(r => r.Summary)
            .Should().BeEmpty($"every client should complete within {plan.TimeoutSeconds} s");

    [Then("every client received the whole file")]
    public void ThenEveryClientReceivedTheWholeFile() =>
        downloads.Run.Results.Where(r => r.Bytes != plan.FileSizeBytes).Select(r => r.Summary)
            .Should().BeEmpty($"every client should have received all {plan.FileSizeBytes} bytes");

    [Then("every client received part of the file")]
    public void ThenEveryClientReceivedPart() =>
        downloads.Run.Results.Where(r => r.Bytes <= 0 || r.Bytes >= plan.FileSizeBytes).Select(r => r.Summary)
            .Should().BeEmpty("every client should have received some, but not all, of the file");

    [Then("the byte counts match what the server sent")]
    public async Task ThenTheByteCountsMatchTheServer(CancellationToken cancellationToken) =>
        (await lab.CompareWithServerAsync(downloads.Run, cancellationToken))
            .Should().BeEmpty("each client's byte count should agree with the server's record of its transfer");

    [Then("every client is interrupted after about {double} second(s)")]
    public void ThenEveryClientIsInterrupted(double seconds) =>
        downloads.Run.Results.Where(r => !r.Interrupted || Math.Abs(r.Duration - seconds) > 0.5).Select(r => r.Summary)
            .Should().BeEmpty($"every client should be killed by the timeout within 0.5 s of {seconds} s");

    [Then("no client is reported interrupted")]
    public void ThenNoClientIsInterrupted() =>
        downloads.Run.Results.Where(r => r.Interrupted).Select(r => r.Summary).Should().BeEmpty();

    [Then("every client fails with outcome {DownloadOutcome}")]
    public void ThenEveryClientFailsWith(DownloadOutcome outcome) =>
        downloads.Run.Results.Where(r => r.Outcome != outcome).Select(r => r.Summary)
            .Should().BeEmpty($"every client's outcome should be {outcome}");

    [Then("every client fails with outcome {DownloadOutcome} within {double} second(s)")]
    public void ThenEveryClientFailsWithin(DownloadOutcome outcome, double seconds) =>
        downloads.Run.Results.Where(r => r.Outcome != outcome || r.Duration > seconds).Select(r => r.Summary)
            .Should().BeEmpty($"every client's outcome should be {outcome} within {seconds} s");

    [Then("every client fails with HTTP status {int}")]
    public void ThenEveryClientFailsWithStatus(int status) =>
        downloads.Run.Results.Where(r => r.Outcome != DownloadOutcome.HttpError || r.HttpStatus != status).Select(r => r.Summary)
            .Should().BeEmpty($"every client should get HTTP {status}");

    [Then("the fairness index is at least {double}")]
    public void ThenFairnessIsAtLeast(double minimum) =>
        downloads.Run.Aggregate.Fairness.Should().BeGreaterThanOrEqualTo(minimum, "Jain's index over per-client Mbit/s: {0}",
            string.Join(", ", downloads.Run.Results.Select(r => $"{r.Namespace} {r.Mbps:0.##}")));

    [Then("the aggregate goodput is within {int}% of {double} Mbit\\/s")]
    public void ThenAggregateGoodputIsWithin(int percent, double mbps) =>
        downloads.Run.Aggregate.GoodputMbps.Should().NotBeNull("some client must have got a response")
            .And.BeApproximately(mbps, mbps * percent / 100.0, "payload bits from the first response to the last byte");

    [Then("no client exceeded {double} Mbit\\/s")]
    public void ThenNoClientExceeded(double mbps) =>
        downloads.Run.Results.Where(r => r.Mbps > mbps).Select(r => r.Summary)
            .Should().BeEmpty($"each client is limited to {mbps} Mbit/s");
}
