using FluentAssertions;
using NetnsBdd.Support;
using NUnit.Framework;
using Reqnroll;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class HealthStepDefinitions(HealthContext health, DownloadContext downloads)
{
    // The monitor's cadence is fixed; this is the jitter a busy 2-core host may add to one tick.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(0.3);

    [Then("the health monitor sampled at least every {double} second(s)")]
    [StepHelp("The health monitor took at least two samples, none more than 0.3 s later than the given interval after the previous one.")]
    public void ThenTheMonitorSampledEvery(double seconds)
    {
        health.Series.Samples.Should().HaveCountGreaterThanOrEqualTo(2, "a cadence needs at least two samples");
        health.Series.SampleIntervals.Should().OnlyContain(i => i <= TimeSpan.FromSeconds(seconds) + Slack);
    }

    [Then("the CPU stayed below {double}%")]
    [StepHelp("Every sample's CPU use of the whole host (all cores, /proc/stat) stayed below that: the host's load, not only the lab's.")]
    public void ThenTheCpuStayedBelow(double percent) =>
        HostCapability.Require(health.Series.MaxCpuPercent, "no CPU reading was taken").Should().BeLessThan(percent);

    [Then("the CPU stayed below {double}% during the download")]
    [StepHelp("As above, over the samples whose interval lies at least half inside the download (the release to the last client's end), or the one whose interval spans a shorter download, not the lab's set-up before it. The monitor samples at the release (when every client's transfer begins, after the spawning and the start gate) and when the scenario ends, so a download shorter than the interval is judged too.")]
    public void ThenTheCpuStayedBelowDuringTheDownload(double percent) =>
        health.Series.During(downloads.Run.Aggregate.FirstStart, downloads.Run.Aggregate.LastEnd, health.Interval).MaxCpuPercent
            .Should().NotBeNull("a sample must fall inside the download to judge it").And.BeLessThan(percent);

    [Then("the suite itself used less than {int}% of the CPU")]
    [StepHelp("In every sample of the scenario, the suite's own processes (the test host with the lab's download server, and the wget, timeout, ip, dnsmasq and udhcpc it started, exited ones included) used less than that share of all cores' time: the part of the CPU figure that is the tool, not the router or the rest of the host.")]
    public void ThenTheSuiteItselfUsedLessThan(int percent) =>
        HostCapability.Require(health.Series.MaxSuiteCpuPercent, "the suite's processes could not be read from /proc")
            .Should().BeLessThan(percent);

    [Then("a health sample covers the download")]
    [StepHelp("At least one sample's CPU figures (whole host and the suite's share) were measured over an interval lying mostly inside the download, also when the download is shorter than the sampling interval: the monitor takes a sample at the release and another when the scenario ends.")]
    public void ThenAHealthSampleCoversTheDownload() =>
        health.Series.During(downloads.Run.Aggregate.FirstStart, downloads.Run.Aggregate.LastEnd, health.Interval).Samples
            .Should().Contain(s => s.CpuPercent != null && s.SuiteCpuPercent != null, "the health series must say what the host did during the download");

    [Then("available RAM stayed above {int} MB")]
    [StepHelp("MemAvailable (/proc/meminfo) stayed above that many MiB in every sample.")]
    public void ThenAvailableRamStayedAbove(int megabytes) =>
        HostCapability.Require(health.Series.MinAvailableRamMegabytes, "/proc/meminfo has no MemAvailable").Should().BeGreaterThan(megabytes);

    [Then("the temperature stayed below {double} °C")]
    [StepHelp("The hottest thermal zone stayed below that in every sample. Inconclusive on a host without thermal sensors.")]
    public void ThenTheTemperatureStayedBelow(double celsius) =>
        HostCapability.Require(health.Series.MaxTemperatureCelsius, "no thermal zone under /sys/class/thermal")
            .Should().BeLessThan(celsius);

    [Then("the Pi was never throttled")]
    [StepHelp("The Raspberry Pi firmware reported no under-voltage, frequency capping, throttling or soft temperature limit, now or since boot. Inconclusive off a Pi.")]
    public void ThenThePiWasNeverThrottled()
    {
        if (health.Series.Samples.All(s => s.Throttling is null))
        {
            Assert.Inconclusive("Cannot be checked on this host: no Raspberry Pi firmware get_throttled file.");
        }

        health.Series.ThrottleFlagsSeen.Should().Be(default, "the Pi reported throttling or under-voltage");
    }
}
