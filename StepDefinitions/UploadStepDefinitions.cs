using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support;
using Reqnroll;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class UploadStepDefinitions(
    ScenarioCancellation cancellation, LabDriver lab, DownloadPlan plan, DownloadContext transfers, ParallelLoad load)
{
    [Given("the router's upstream is shaped to {double} Mbit\\/s")]
    [StepHelp("Embedded lab only: caps the router's total upstream (its egress toward the server, the WAN side, where an upload's queue builds; all clients share it, each with its own queue) with tc; rates count whole Ethernet frames, so upload goodput tops out near 95.6 % of it. Independent of the downstream cap.")]
    public Task GivenUpstreamShaped(double mbps) => lab.ShapeUpstreamAsync(mbps, cancellation.Token);

    [Given("the router's upstream queue holds {int} packets")]
    [StepHelp("Embedded lab only: each upstream queue under the upstream cap holds that many full 1514-byte frames (a bfifo of N × 1514 bytes). 1000 frames at 20 Mbit/s hold 606 ms: the bufferbloat of most ISP-provided routers' upstream.")]
    public Task GivenUpstreamQueue(int packets) => lab.SetUpstreamQueueLimitAsync(packets, cancellation.Token);

    [Given("the router sends TCP ACKs ahead of its upstream queues")]
    [StepHelp("Embedded lab only: pure TCP ACKs (what a download sends back) skip the queues under the upstream cap, as ACK-prioritising routers and shapers do. Without it each client's download ACKs wait behind its own upload, and a download beside an upload slows to what those late ACKs allow (measured: 18.6 of 95.6 Mbit/s with 10 clients at 100 down / 20 up). Pings, SYNs and data keep their place, so latency probes still see the queues.")]
    public Task GivenUpstreamAckPriority() => lab.PrioritiseUpstreamAcksAsync(cancellation.Token);

    [When("all clients start parallel upload")]
    [StepHelp("Every client POSTs a file of the scenario's size (\"a file of N MB\") to the server (embedded lab: its upload path, which discards the body and counts it; uplink mode: Download:UploadUrl), held at the start gate and released at one instant like downloads, with the same timeout. Latency probes run around it.")]
    public Task WhenAllClientsStartParallelUpload() => load.RunAsync(LoadDirection.Upload);

    [When("all clients download and upload at once")]
    [StepHelp("Every client runs one download and one upload of the scenario's file at the same instant, all of them released by one start gate (flent's RRUL, iperf3 --bidir). The download checks judge the download half, the upload checks the upload half; the latency steps judge the window in which every transfer of both halves was running.")]
    public Task WhenAllClientsDownloadAndUpload() => load.RunAsync(LoadDirection.Both);

    [Then("every client completes the upload within the timeout")]
    [StepHelp("Every client's upload succeeded (the whole body sent and the server answered 2xx) within the timeout.")]
    public void ThenEveryClientCompletesTheUpload() =>
        transfers.Upload.Results.Where(r => !r.Success || r.Duration > plan.TimeoutSeconds).Select(r => r.Summary)
            .Should().BeEmpty($"every client's upload should complete within {plan.TimeoutSeconds} s");

    [Then("the aggregate upload goodput is within {int}% of the router's upstream rate")]
    [StepHelp("Total uploaded file bytes over the time data flowed (first body byte to the last client's end), in Mbit/s, within that percentage of the goodput the router's upstream allows: the embedded router's shaped upstream, or Lab:UplinkUpstreamRateMbps in uplink mode, times 1448/1514 (TCP payload of a full frame; 1428/1514 over IPv6). Inconclusive when no upstream rate is known.")]
    public void ThenAggregateUploadGoodputIsWithin(int percent)
    {
        var mbps = HostCapability.Require(lab.UpstreamRateMbps, "the router's upstream rate is unknown; set Lab:UplinkUpstreamRateMbps to the rate the router under test is shaped to upstream (or its port speed)") * LabDriver.PayloadShareOf(transfers.Upload.Request.Family);
        transfers.Upload.Aggregate.GoodputMbps.Should().NotBeNull("some client must have sent a body byte")
            .And.BeApproximately(mbps, mbps * percent / 100.0, "upload payload bits from the first body byte to the last client's end");
    }

    [Then("the upload fairness index is at least {double}")]
    [StepHelp("Jain's fairness index over the clients' average upload Mbit/s (a failed client counts 0): 1 is perfectly even, 1/N one client took all.")]
    public void ThenUploadFairnessIsAtLeast(double minimum) =>
        transfers.Upload.Aggregate.Fairness.Should().BeGreaterThanOrEqualTo(minimum, "Jain's index over per-client upload Mbit/s: {0}",
            string.Join(", ", transfers.Upload.Results.Select(r => $"{r.Namespace} {r.Mbps:0.##}")));

    [Then("the byte counts match what the server received")]
    [StepHelp("Embedded lab only. Completed uploads: each client's count equals the body bytes the server read from it, to the byte. Interrupted ones: the server never received more than the client sent, nor lagged what its kernel acknowledged (the client's tcp_info, native engine) by more than 1 % plus one receive buffer.")]
    public async Task ThenTheByteCountsMatchWhatTheServerReceived() =>
        (await lab.CompareUploadsWithServerAsync(transfers.Upload, cancellation.Token))
            .Should().BeEmpty("each client's upload count should agree with the server's record of what it received");
}
