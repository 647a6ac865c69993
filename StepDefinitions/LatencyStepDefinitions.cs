using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Support;
using Reqnroll;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class LatencyStepDefinitions(ScenarioCancellation cancellation, LabDriver lab, LatencyContext latency)
{
    [Given("the router's queue holds {int} packets")]
    [StepHelp("Embedded lab only: each downstream queue under the shared cap (one per client, one for other traffic) holds that many full 1514-byte frames (a bfifo of N × 1514 bytes). Takes effect with \"the router's downstream is shaped to …\", before or after it. A deep queue shows bufferbloat, a short one its cure. Refused in uplink mode, where the real router's queues are under test.")]
    public Task GivenTheRoutersQueueHolds(int packets) => lab.SetQueueLimitAsync(packets, cancellation.Token);

    [Given("the server's TCP congestion control is {word}")]
    [StepHelp("Embedded lab only: the lab server's new connections use that congestion control (e.g. cubic, the Linux default; bbr), overriding Lab:CongestionControl (cubic unless configured) for the server. cubic fills a deep queue as most servers do, bbr keeps it nearly empty.")]
    public void GivenTheServersCongestionControl(string algorithm) => lab.SetServerCongestionControl(algorithm);

    [Then("the latency under load stayed below {int} ms")]
    [StepHelp("The 90th percentile of self latency (ICMP round trips from inside a sample of downloading clients to their gateway and to the server) while every client was downloading is below that.")]
    public void ThenTheLatencyUnderLoadStayedBelow(int milliseconds) =>
        latency.Measurement.SelfLoaded.P90Ms.Should().BeLessThan(milliseconds, latency.Measurement.Describe());

    [Then("the latency added by the load stayed below {int} ms")]
    [StepHelp("Self latency's median while every client was downloading minus its median in the idle baseline before they started is below that.")]
    public void ThenTheLatencyAddedStayedBelow(int milliseconds) =>
        latency.Measurement.AddedMs.Should().BeLessThan(milliseconds, latency.Measurement.Describe());

    [Then("the bufferbloat grade is at least {word}")]
    [StepHelp("The bufferbloat grade of the added latency (A+ below 5 ms, A below 30, B below 60, C below 200, D below 400, F from 400 ms) is that grade or better.")]
    public void ThenTheBufferbloatGradeIsAtLeast(string grade)
    {
        var least = BufferbloatGrades.Parse(grade);
        Grade().Should().BeOneOf(Enum.GetValues<BufferbloatGrade>().Where(g => g <= least), latency.Measurement.Describe());
    }

    [Then("the bufferbloat grade is at most {word}")]
    [StepHelp("The bufferbloat grade is that grade or worse: shows that a deep queue is caught.")]
    public void ThenTheBufferbloatGradeIsAtMost(string grade)
    {
        var most = BufferbloatGrades.Parse(grade);
        Grade().Should().BeOneOf(Enum.GetValues<BufferbloatGrade>().Where(g => g >= most), latency.Measurement.Describe());
    }

    [Then("the latency added by the upload stayed below {int} ms")]
    [StepHelp("After an upload (or a load both ways): the median of the uploading clients' echoes to the server (the probes whose path crosses the router's egress toward the server, where an upload's queue builds) while every transfer was running, minus their idle median, is below that. Echoes to the gateway never cross that queue.")]
    public void ThenTheLatencyAddedByTheUploadStayedBelow(int milliseconds) =>
        UploadAdded().Should().BeLessThan(milliseconds, latency.Measurement.Describe());

    [Then("the latency added by the upload was at least {int} ms")]
    [StepHelp("As above, at least that much: shows that a deep upstream queue fills (1000 frames at 20 Mbit/s hold 606 ms).")]
    public void ThenTheLatencyAddedByTheUploadWasAtLeast(int milliseconds) =>
        UploadAdded().Should().BeGreaterThanOrEqualTo(milliseconds, latency.Measurement.Describe());

    [Then("the bufferbloat grade under upload is at least {word}")]
    [StepHelp("The bufferbloat grade of the latency the upload added (as above; the same scale as downloads: A+ below 5 ms … F from 400 ms) is that grade or better: Waveform's separate upload grade.")]
    public void ThenTheUploadGradeIsAtLeast(string grade)
    {
        var least = BufferbloatGrades.Parse(grade);
        UploadGrade().Should().BeOneOf(Enum.GetValues<BufferbloatGrade>().Where(g => g <= least), latency.Measurement.Describe());
    }

    [Then("the bufferbloat grade under upload is at most {word}")]
    [StepHelp("The upload's bufferbloat grade is that grade or worse: shows that a deep upstream queue is caught.")]
    public void ThenTheUploadGradeIsAtMost(string grade)
    {
        var most = BufferbloatGrades.Parse(grade);
        UploadGrade().Should().BeOneOf(Enum.GetValues<BufferbloatGrade>().Where(g => g >= most), latency.Measurement.Describe());
    }

    [Then("the responsiveness is at least {int} RPM")]
    [StepHelp("Round trips per minute under load, 60000 / RTT ms, after the IETF responsiveness draft: the RTT is half the probe client's TCP connect time plus half the self latency, each the mean of its lowest 95 % while every client was downloading. Classes: Poor < 300, Fair < 1000, Good < 6000, Excellent.")]
    public void ThenTheResponsivenessIsAtLeast(int rpm) =>
        latency.Measurement.Rpm.Should().BeGreaterThanOrEqualTo(rpm, latency.Measurement.Describe());

    private double UploadAdded() => latency.Measurement.Direction.HasUpload()
        ? latency.Measurement.UploadAddedMs
        : throw new InvalidOperationException(
            "The load had no upload: use \"When all clients start parallel upload\" or \"When all clients download and upload at once\" before this step.");

    private BufferbloatGrade UploadGrade() => double.IsNaN(UploadAdded())
        ? throw new InvalidOperationException("No upload grade: no echo to the server was answered idle or under load. " + latency.Measurement.Describe())
        : latency.Measurement.UploadGrade!.Value;

    private BufferbloatGrade Grade() =>
        latency.Measurement.Grade ?? throw new InvalidOperationException(
            "No bufferbloat grade: no self probe was answered idle or under load. " + latency.Measurement.Describe());
}
