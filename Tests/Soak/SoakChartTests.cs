using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Soak;
using NetnsBdd.Support.Reports;
using NetnsBdd.Tests.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Soak;

/// <summary>The soak chart marks failed rounds in the failure colour exactly when a round failed.</summary>
[TestFixture]
[Category("unit")]
public sealed class SoakChartTests
{
    private static SoakRun Run(bool withFailure)
    {
        var origin = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
        var run = new SoakRun(SoakSchedule.ForRounds(5), origin, "rounds.ndjson");
        for (var n = 1; n <= 5; n++)
        {
            var failed = withFailure && n == 3;
            run.Add(new SoakRound(n, n * 5 - 0.2, n * 5, n * 5 + 2, origin.AddSeconds(n * 5), origin.AddSeconds(n * 5 + 2), 4, failed ? 0 : 4, failed ? 4 : 0, 0,
                new Dictionary<string, int> { [failed ? nameof(DownloadOutcome.Timeout) : nameof(DownloadOutcome.Ok)] = 4 }, 1000, 30, failed ? 5 : 38, 1,
                failed ? [new RoundFailure("c1", "Timeout", true, null, 10, 3, "")] : []));
        }

        run.EndSeconds = 28;
        return run;
    }

    [Test]
    public void A_failed_round_is_marked_and_a_clean_soak_has_no_failure_colour()
    {
        using var temp = new TempFolder();
        var clean = Path.Combine(temp.Path, "clean.png");
        var failed = Path.Combine(temp.Path, "failed.png");
        HealthPoint[] health = [new(0, 40, 20, null), new(10, 60, 21, null, 0), new(20, 55, 21, null, 10)];

        SoakChart.Render(Run(false), health, clean);
        SoakChart.Render(Run(true), health, failed);

        Png.HasSignature(clean).Should().BeTrue();
        Png.CountPixels(clean, ChartPalette.Failed).Should().Be(0);
        Png.CountPixels(failed, ChartPalette.Failed).Should().BeGreaterThan(20);
    }
}
