using System.Globalization;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Soak;
using NetnsBdd.Tests.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// A soak killed with SIGKILL in the middle (<see cref="SoakChild"/>, a process of its own): every round that had
/// ended is on disk and reads back whole, and the next run's reaper removes the dead run's lab.
/// </summary>
[TestFixture]
[Category("lab")]
[Category("reliability")]
[Category("soak")]
[NonParallelizable]
public sealed class SoakKillTests
{
    private const int Clients = 4;
    private const long FileBytes = 1_000_000;
    private const int KillAfterRound = 3;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Test]
    public async Task A_soak_killed_mid_run_keeps_its_finished_rounds_and_the_next_run_reaps_its_lab()
    {
        using var runDirectory = new PrivateRunDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(RunScratch.ForProcess.Path, $"soak-kill-{Guid.NewGuid():N}")).FullName;
        try
        {
            using var limit = new CancellationTokenSource(Limit);
            await using var child = ChildProcess.StartVerb(runDirectory.Path, [SoakChild.Verb, $"{Clients}", $"{FileBytes}", "1000", folder]);
            await child.WaitForAsync($"{SoakChild.RoundMarker} {KillAfterRound}", limit.Token);
            // Into the next round, so one is in flight when the process dies.
            await Task.Delay(150, limit.Token);
            child.Signal(Posix.SIGKILL);
            await child.WaitForExitAsync(limit.Token);
            var announced = child.Lines(SoakChild.RoundMarker).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            var runId = child.RunId!;

            var rounds = RoundLog.Read(Path.Combine(folder, RoundLog.FileName));
            TestContext.Out.WriteLine($"killed after round {announced.Max()} was announced; rounds.ndjson holds {rounds.Count}: " +
                string.Join(", ", rounds.Select(r => $"{r.Number} ({r.Succeeded}/{r.Clients} ok)")));
            rounds.Select(r => r.Number).Should().Equal(Enumerable.Range(1, rounds.Count), "the rounds on disk are the first ones, in order, none missing");
            rounds.Count.Should().BeGreaterThanOrEqualTo(announced.Max(), "every round the child announced was on disk before it said so");
            rounds.Should().AllSatisfy(r => r.Completed.Should().BeTrue($"round {r.Number} downloaded before the kill"));

            await WaitUntilAsync(() => !child.MarkedProcesses().Any(p => p.Split(' ')[1] == "ip:"), limit.Token);
            var reaped = await new Reaper(new LabHost { Warn = _ => { } }, runDirectory.Path).ReapAsync(null, limit.Token);
            reaped.Should().Contain(runId, "the next run reaps the killed soak's lab");
            var leftovers = new List<string>(await LabLeftovers.FindAsync(RunId.Prefix + runId, runDirectory.Path));
            leftovers.AddRange(child.MarkedProcesses().Select(p => "process: " + p));
            leftovers.Should().BeEmpty("nothing of the killed soak may stay after the reaper");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
