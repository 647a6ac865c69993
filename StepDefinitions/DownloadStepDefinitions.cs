using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support;
using Reqnroll;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class DownloadStepDefinitions(
    ScenarioCancellation cancellation, LabDriver lab, DownloadPlan plan, DownloadContext downloads, ParallelLoad load)
{
    private const long Mebibyte = 1024 * 1024;

    [Given("a file of {int} MB")]
    [StepHelp("The lab server's file size for this scenario, in MiB (2^20 bytes).")]
    public void GivenAFileOf(int megabytes) => plan.FileSizeBytes = megabytes * Mebibyte;

    [Given("a download timeout of {double} second(s)")]
    [StepHelp("Each client's time limit, counted from the start gate's release (wget: coreutils timeout, fired by the suite at release + limit; native: the socket is closed); a client still downloading then is stopped and reported interrupted with the bytes it got.")]
    public void GivenADownloadTimeout(double seconds) => plan.TimeoutSeconds = seconds;

    [Given("the download uses https")]
    [StepHelp("Fetch over https from the lab server; the lab's own CA is given to wget and certificates are always verified.")]
    public void GivenHttps() => plan.Https = true;

    [Given("the clients download a file that does not exist")]
    [StepHelp("The clients ask the lab server for a path it does not have (HTTP 404).")]
    public void GivenAMissingFile() => plan.MissingFile = true;

    [Given("the clients download with the {DownloadEngineKind} engine")]
    [StepHelp("Wget (default: GNU wget per client, as a real device) or Native (a socket per client read inside the test host: exact byte counts, 100 ms progress, a fraction of wget's CPU). Overrides Download:Engine for this scenario.")]
    public void GivenTheEngine(DownloadEngineKind engine) => plan.Engine = engine;

    [Given("the download starts at {string}")]
    [StepHelp("Holds the clients' release until that wall-clock instant (ISO-8601 with its offset, e.g. \"2026-12-02T03:00:00Z\"), so several hosts on one router start together; overrides Download:StartAt. The host refuses an instant that has passed, or a clock the kernel does not call synchronised or whose error bound exceeds Fleet:MaxClockErrorMs; the start error (actual release minus the instant) goes into results.json. \"now + N s\" is N seconds after this step on this host's own clock (to try it on one host; no synchronisation needed).")]
    public void GivenTheDownloadStartsAt(string instant) => plan.StartAtFrom(instant);

    [When("all clients start parallel download")]
    [StepHelp("Holds every client at a start gate until all are ready (wget started and asking for the server's address; native connected), releases them at one instant and waits for all; each client's timeout counts from the release. Fails at once if a measured rate exceeds what tc was set to (such a figure would be false). Latency probes run around it (an idle baseline before, a tail after) unless Latency:Enabled is false.")]
    public Task WhenAllClientsStartParallelDownload() => load.RunAsync(LoadDirection.Download);

    [Then("every client completes the download within the timeout")]
    [StepHelp("Every client succeeded (wget exit 0) and its duration is within the timeout.")]
    public void ThenEveryClientCompletes() =>
        downloads.Run.Results.Where(r => !r.Success || r.Duration > plan.TimeoutSeconds).Select(r => r.Summary)
            .Should().BeEmpty($"every client should complete within {plan.TimeoutSeconds} s");

    [Then("every client received the whole file")]
    [StepHelp("Every client's byte count equals the file size: the lab server's file, or in uplink mode the size the server reported (Content-Length of a HEAD request before the run); a server that reports none fails this step saying so.")]
    public void ThenEveryClientReceivedTheWholeFile()
    {
        var size = lab.ExpectedBytes(downloads.Run.Request);
        downloads.Run.Results.Where(r => r.Bytes != size).Select(r => r.Summary)
            .Should().BeEmpty($"every client should have received all {size} bytes");
    }

    [Then("every client received part of the file")]
    [StepHelp("Every client got more than 0 bytes and fewer than the file size (the no-starvation check for interrupted clients).")]
    public void ThenEveryClientReceivedPart()
    {
        var size = lab.ExpectedBytes(downloads.Run.Request);
        downloads.Run.Results.Where(r => r.Bytes <= 0 || r.Bytes >= size).Select(r => r.Summary)
            .Should().BeEmpty($"every client should have received some, but not all, of the {size} bytes");
    }

    [Then("the byte counts match what the server sent")]
    [StepHelp("Embedded lab only. Completed transfers: the client's count equals the bytes the server sent, to the byte. Interrupted ones: never above what the server handed to the network, and at most 1 % plus one receive buffer (128 KiB, data a killed wget had not read yet) below what the client's kernel was last seen to acknowledge (TCP).")]
    public async Task ThenTheByteCountsMatchTheServer() =>
        (await lab.CompareWithServerAsync(downloads.Run, cancellation.Token))
            .Should().BeEmpty("each client's byte count should agree with the server's record of its transfer");

    [Then("every client is interrupted after about {double} second(s)")]
    [StepHelp("Every client was killed by the timeout (not another failure), within 0.5 s of the given time.")]
    public void ThenEveryClientIsInterrupted(double seconds) =>
        downloads.Run.Results.Where(r => !r.Interrupted || Math.Abs(r.Duration - seconds) > 0.5).Select(r => r.Summary)
            .Should().BeEmpty($"every client should be killed by the timeout within 0.5 s of {seconds} s");

    [Then("no client is reported interrupted")]
    [StepHelp("No client was killed by the timeout.")]
    public void ThenNoClientIsInterrupted() =>
        downloads.Run.Results.Where(r => r.Interrupted).Select(r => r.Summary).Should().BeEmpty();

    [Then("every client fails with outcome {DownloadOutcome}")]
    [StepHelp("Every client ended with that outcome class (see the list above).")]
    public void ThenEveryClientFailsWith(DownloadOutcome outcome) =>
        downloads.Run.Results.Where(r => r.Outcome != outcome).Select(r => r.Summary)
            .Should().BeEmpty($"every client's outcome should be {outcome}");

    [Then("every client fails with outcome {DownloadOutcome} within {double} second(s)")]
    [StepHelp("As above, and each within that many seconds of its start.")]
    public void ThenEveryClientFailsWithin(DownloadOutcome outcome, double seconds) =>
        downloads.Run.Results.Where(r => r.Outcome != outcome || r.Duration > seconds).Select(r => r.Summary)
            .Should().BeEmpty($"every client's outcome should be {outcome} within {seconds} s");

    [Then("every client fails with HTTP status {int}")]
    [StepHelp("Every client got that HTTP error status.")]
    public void ThenEveryClientFailsWithStatus(int status) =>
        downloads.Run.Results.Where(r => r.Outcome != DownloadOutcome.HttpError || r.HttpStatus != status).Select(r => r.Summary)
            .Should().BeEmpty($"every client should get HTTP {status}");

    [Then("the fairness index is at least {double}")]
    [StepHelp("Jain's fairness index over the clients' average Mbit/s (each client's bytes over its own duration; a failed client counts 0): 1 is perfectly even, 1/N one client took all. Short runs (a few seconds) are dominated by TCP slow start: use a looser threshold there.")]
    public void ThenFairnessIsAtLeast(double minimum) =>
        downloads.Run.Aggregate.Fairness.Should().BeGreaterThanOrEqualTo(minimum, "Jain's index over per-client Mbit/s: {0}",
            string.Join(", ", downloads.Run.Results.Select(r => $"{r.Namespace} {r.Mbps:0.##}")));

    [Then("the aggregate goodput is within {int}% of {double} Mbit\\/s")]
    [StepHelp("Total file bytes over the time data flowed (first response headers to the last client's end), in Mbit/s (10^6 bit/s), above or below the given rate by at most that percentage. File bytes only: against a tc rate, expect about 95.6 % of it.")]
    public void ThenAggregateGoodputIsWithin(int percent, double mbps) =>
        downloads.Run.Aggregate.GoodputMbps.Should().NotBeNull("some client must have got a response")
            .And.BeApproximately(mbps, mbps * percent / 100.0, "payload bits from the first response to the last byte");

    [Then("the aggregate goodput is within {int}% of the router's rate")]
    [StepHelp("As above, against the goodput the router's rate allows: Lab:UplinkRateMbps (uplink mode: what the router under test is shaped to, or its port speed) or the embedded router's shaped downstream, times 1448/1514 (TCP payload of a full 1514-byte frame; tc counts frames; 1428/1514 over IPv6, whose header is 20 bytes longer). Inconclusive when no rate is known.")]
    public void ThenAggregateGoodputIsWithinTheRoutersRate(int percent)
    {
        var mbps = HostCapability.Require(lab.RouterRateMbps, "the router's rate is unknown; set Lab:UplinkRateMbps to the rate the router under test is shaped to (or its port speed)");
        ThenAggregateGoodputIsWithin(percent, mbps * LabDriver.PayloadShareOf(downloads.Run.Request.Family));
    }

    [Then("no client exceeded {double} Mbit\\/s")]
    [StepHelp("No client's average rate over its whole download exceeded the given rate (it does not catch short bursts).")]
    public void ThenNoClientExceeded(double mbps) =>
        downloads.Run.Results.Where(r => r.Mbps > mbps).Select(r => r.Summary)
            .Should().BeEmpty($"each client is limited to {mbps} Mbit/s");

    [Then("the aggregate goodput is at least {double} Mbit\\/s")]
    [StepHelp("Total file bytes over the time data flowed (as above) reached at least that many Mbit/s.")]
    public void ThenAggregateGoodputIsAtLeast(double mbps) =>
        downloads.Run.Aggregate.GoodputMbps.Should().NotBeNull("some client must have got a response")
            .And.BeGreaterThanOrEqualTo(mbps);

    [Then("the slowest client finished within {double} second(s)")]
    [StepHelp("The longest client duration (from the start gate's release to the client's end, whatever its outcome) is at most that.")]
    public void ThenTheSlowestClientFinishedWithin(double seconds) =>
        downloads.Run.Aggregate.MaxDuration.Should().BeLessThanOrEqualTo(seconds);

    [Then("the clients were released within {int} ms of the start instant")]
    [StepHelp("The start error, the start gate's release minus the start instant (Download:StartAt or \"the download starts at\"), is from 0 to that many ms: the clients were ready in time and left on the instant.")]
    public void ThenReleasedOnTheInstant(int milliseconds) =>
        (downloads.Run.StartErrorSeconds * 1000).Should().NotBeNull("the download needs a start instant").And.BeInRange(0, milliseconds, "released {0} for the instant {1}",
            Drivers.Scheduling.ScheduledStart.Format(downloads.Run.ReleasedAt), downloads.Run.Request.StartAt is { } at ? Drivers.Scheduling.ScheduledStart.Format(at) : "none");

    [Then("the clients started within {int} ms of each other")]
    [StepHelp("The first-byte spread (between the first and the last client's first response byte, after the start gate's release) is below that: how \"parallel\" the parallel start really was. The spawn spread (process or socket creation) is reported beside it, not judged.")]
    public void ThenTheClientsStartedTogether(int milliseconds) =>
        (downloads.Run.Aggregate.FirstByteSpreadSeconds * 1000).Should().NotBeNull("some client must have got a response")
            .And.BeLessThan(milliseconds, "first response bytes spread after the release; spawn spread was {0:0} ms", downloads.Run.Aggregate.SpawnSpreadSeconds * 1000);
}
