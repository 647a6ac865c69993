using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Soak;
using NetnsBdd.Support;
using NetnsBdd.Support.Settings;
using NetnsBdd.Tests.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Soak;

/// <summary>
/// A soak is released at the scenario's start instant like a single download: both take their request from
/// <see cref="LabDriver.RequestFor"/>. The soak used to build its own request without the instant, so a soak on
/// several hosts ignored Download:StartAt and each host started when it was ready.
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class SoakStartAtTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_soak_releases_its_first_round_at_the_start_instant(CancellationToken cancellationToken)
    {
        var settings = SuiteSettings.Load();
        await using var lab = new LabDriver(settings.Lab, new LatencySettings { Enabled = false });
        await lab.StartAsync(2, null, cancellationToken);
        var plan = new DownloadPlan(settings.Download) { FileSizeBytes = 1 << 20, TimeoutSeconds = 30 };
        plan.StartAtFrom("now + 6 s");
        var instant = plan.StartAt!.Value;
        using var folder = new TempFolder();

        var soak = await new SoakContext().RunAsync(lab, plan, new DownloadManager(TextWriter.Null), SoakSchedule.ForRounds(2),
            folder.Path, TextWriter.Null, cancellationToken);

        soak.Rounds.Should().HaveCount(2).And.OnlyContain(r => r.Completed);
        var first = soak.Rounds[0];
        (first.StartedAt - instant).TotalMilliseconds.Should().BeInRange(0, 1000,
            "round 1 is held at the start gate until the instant {0:O}, and leaves on it", instant);
        soak.Rounds[1].StartedAt.Should().BeAfter(first.EndedAt, "later rounds follow the schedule, not the instant");
    }
}
