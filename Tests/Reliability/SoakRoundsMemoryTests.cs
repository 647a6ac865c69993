using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Soak;
using NetnsBdd.Tests.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// 100 short rounds of 20 clients in a soak process of its own (<see cref="SoakChild"/>), its memory, descriptors
/// and threads printed every 10 rounds: they must stay flat (a round that kept anything alive would show 100 times),
/// and nothing of the lab may be left after it. The native engine keeps it near 30 s on 2 cores;
/// <see cref="SoakRoundsMemoryBenchmark"/> runs the same with wget processes.
/// </summary>
[TestFixture]
[Category("lab")]
[Category("soak")]
[NonParallelizable]
public sealed class SoakRoundsMemoryTests
{
    private const int Clients = 20;
    private const int Rounds = 100;
    private const long FileBytes = 256 * 1024;

    // Round 1 warms up the JIT and the thread pool, so growth counts from round 10. Bounds catch a leak of a round's
    // results or sockets (20 clients x 100 rounds), not the GC's own sizing.
    private const long ManagedGrowthLimit = 8L * 1024 * 1024;
    private const long ResidentGrowthLimit = 48L * 1024 * 1024;
    private const int DescriptorGrowthLimit = 8;

    [Test]
    public Task A_hundred_rounds_of_twenty_clients_native_stay_flat_and_leave_nothing() => RunAsync("Native");

    /// <summary>Also run by <see cref="SoakRoundsMemoryBenchmark"/> with the wget engine.</summary>
    internal static async Task RunAsync(string engine)
    {
        using var runDirectory = new PrivateRunDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(RunScratch.ForProcess.Path, $"soak-memory-{Guid.NewGuid():N}")).FullName;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var child = ChildProcess.StartVerb(runDirectory.Path, [SoakChild.Verb, $"{Clients}", $"{FileBytes}", $"{Rounds}", folder, engine]);
            var exit = await child.WaitForExitAsync(limit.Token);
            var figures = child.Lines(SoakChild.FiguresMarker).Select(ProcessFigures.Parse).ToArray();
            TestContext.Progress.WriteLine($"soak of {Rounds} rounds x {Clients} clients ({engine}, {FileBytes / 1024} KiB each) in {clock.Elapsed.TotalSeconds:0.0} s:");
            foreach (var figure in figures)
            {
                TestContext.Progress.WriteLine("  " + figure.Readable);
            }

            exit.Should().Be(0, $"every round completes; child output:\n{child.Output}");
            var rounds = RoundLog.Read(Path.Combine(folder, RoundLog.FileName));
            rounds.Should().HaveCount(Rounds).And.OnlyContain(r => r.Completed);
            var leftovers = new List<string>(await LabLeftovers.FindAsync(RunId.Prefix + child.RunId, runDirectory.Path));
            leftovers.AddRange(child.MarkedProcesses().Select(p => "process: " + p));
            leftovers.Should().BeEmpty("the soak tears its lab down");

            var (from, to) = (figures.Single(f => f.Round == 10), figures.Single(f => f.Round == Rounds));
            (to.ManagedBytes - from.ManagedBytes).Should().BeLessThan(ManagedGrowthLimit, $"managed heap flat ({from.Readable} → {to.Readable})");
            (to.ResidentBytes - from.ResidentBytes).Should().BeLessThan(ResidentGrowthLimit, $"resident set flat ({from.Readable} → {to.Readable})");
            (to.Descriptors - from.Descriptors).Should().BeLessThan(DescriptorGrowthLimit, $"descriptors flat ({from.Readable} → {to.Readable})");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
