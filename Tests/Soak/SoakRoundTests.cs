using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Soak;
using NUnit.Framework;

namespace NetnsBdd.Tests.Soak;

[Category("unit")]
public sealed class SoakRoundTests
{
    private static readonly DateTimeOffset Release = new(2026, 12, 2, 3, 0, 10, TimeSpan.Zero);

    private static ClientDownloadResult Client(string name, bool ok, double seconds, DownloadOutcome outcome) => new()
    {
        Namespace = name,
        Success = ok,
        Duration = seconds,
        Interrupted = outcome == DownloadOutcome.Timeout,
        Stdout = "",
        Stderr = ok ? "" : "first line\nConnecting to 198.19.0.2:80... failed: Connection refused.\n",
        Bytes = ok ? 1000 : 10,
        BytesExact = true,
        BytesResolution = 1,
        Mbps = ok ? 8 : 0,
        ExitCode = ok ? 0 : 4,
        Outcome = outcome,
        Engine = "wget",
        StartedAt = Release,
        Command = "wget",
    };

    private static SoakRound Round()
    {
        ClientDownloadResult[] results = [Client("c1", true, 1, DownloadOutcome.Ok), Client("c2", false, 3, DownloadOutcome.Timeout)];
        var run = new DownloadRun(new DownloadRequest(new Uri("http://198.19.0.2/bytes/1000"), TimeSpan.FromSeconds(3)), results, DownloadAggregate.From(results));
        return SoakRound.From(7, 9.5, run, t => (t - Release).TotalSeconds + 10);
    }

    [Test]
    public void A_round_sums_up_its_clients_and_names_its_failures()
    {
        var round = Round();
        round.Completed.Should().BeFalse();
        (round.Succeeded, round.Clients).Should().Be((1, 2));
        round.Outcomes.Should().BeEquivalentTo(new Dictionary<string, int> { ["Ok"] = 1, ["Timeout"] = 1 });
        (round.StartSeconds, round.EndSeconds).Should().Be((10.0, 13.0));
        round.Failures.Should().ContainSingle().Which.Should().Match<RoundFailure>(f =>
            f.Client == "c2" && f.Outcome == "Timeout" && f.Interrupted && f.Detail == "Connecting to 198.19.0.2:80... failed: Connection refused.");
        round.Overlaps(12.9, 20).Should().BeTrue();
        round.Overlaps(13.1, 20).Should().BeFalse();
        round.Overlaps(0, 9.9).Should().BeFalse();
    }

    [Test]
    public void A_round_reads_back_from_its_ndjson_line_as_it_was()
    {
        var round = Round();
        var line = round.ToJsonLine();
        line.Should().NotContain("\n");
        var back = SoakRound.FromJson(line);
        back.Should().BeEquivalentTo(round, o => o.Excluding(r => r.BeganSeconds).Excluding(r => r.AggregateMbps).Excluding(r => r.GoodputMbps).Excluding(r => r.Fairness));
        back.Describe(12).Should().StartWith("[ROUND 7/12 | 10.0 s] 1/2 ok, Timeout 1");
    }

    [Test]
    public void The_round_log_appends_one_line_per_round_and_a_reader_skips_a_line_cut_short_by_a_crash()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Drivers.Lab.RunScratch.ForProcess.Path, $"round-log-{Guid.NewGuid():N}")).FullName;
        try
        {
            using (var log = new RoundLog(folder))
            {
                log.Append(Round() with { Number = 1 });
                log.Append(Round() with { Number = 2 });
            }

            File.AppendAllText(Path.Combine(folder, RoundLog.FileName), "{\"round\":3,\"beganSec");
            RoundLog.Read(Path.Combine(folder, RoundLog.FileName)).Select(r => r.Number).Should().Equal(1, 2);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void The_summary_compares_the_last_round_with_the_first_and_finds_the_worst()
    {
        var round = Round();
        var summary = SoakSummary.Of(
            [round with { Number = 1, GoodputMbps = 100 }, round with { Number = 2, GoodputMbps = 40 }, round with { Number = 3, GoodputMbps = 90 }],
            [new Outage(5, 8, Release, ["gateway"], 3, false)], 30);
        summary.LastVsFirstPercent.Should().BeApproximately(90, 1e-9);
        (summary.WorstRound, summary.WorstGoodputMbps).Should().Be((2, 40.0));
        summary.FailedRounds.Should().Equal(1, 2, 3);
        (summary.Outages, summary.LongestOutageSeconds).Should().Be((1, 3.0));
    }

    [Test]
    public void Bad_schedules_and_faults_are_refused_naming_the_value()
    {
        FluentActions.Invoking(() => SoakSchedule.ForRounds(0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*0 rounds*");
        FluentActions.Invoking(() => SoakSchedule.For(TimeSpan.Zero)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*more than 0 s*");
        FluentActions.Invoking(() => LabFault.Create(LabFaultKind.LanLinkDown, 10, 0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*lasting 0 s*");
        SoakSchedule.For(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5)).SlotSeconds(7).Should().Be(30);
    }
}
