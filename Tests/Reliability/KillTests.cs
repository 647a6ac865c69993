using System.Diagnostics;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Tests.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// Runs a lab scenario (<see cref="LabChild"/>: 16 clients, server, shaping, parallel wget) in a child process and
/// kills it at random points of its setup and of its downloads. SIGINT and SIGTERM must leave nothing of the child's
/// run behind by themselves (the child's <see cref="LabShutdown"/> handlers); after SIGKILL, which no process can
/// catch, the next run's <see cref="Reaper"/> must. Only the child's run id and the processes carrying its mark are
/// judged, so other runs on the machine neither fail nor get touched by these tests.
/// <para>The points come from a seeded <see cref="Random"/>; the seed is printed, and NBDD_RELIABILITY_SEED replays it.</para>
/// </summary>
[TestFixture]
[Category("lab")]
[Category("reliability")]
[NonParallelizable]
public sealed class KillTests
{
    private const int PointsPerWindow = 5;
    private const int Clients = 16;
    private const long FileBytes = 4_000_000;
    private const double DownstreamMbps = 200;

    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(60);

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("NBDD_RELIABILITY_SEED"), out var seed)
        ? seed
        : Random.Shared.Next();

    // How long this machine takes for setup and for the downloads, from a child run to its end (slower on a Pi):
    // kill delays are drawn from the first 80 % of each span, so they land inside the phase they are meant for.
    private TimeSpan _setupSpan;
    private TimeSpan _downloadSpan;
    private IReadOnlyList<string> _normalEndLeftovers = [];

    [OneTimeSetUp]
    public async Task RunOneScenarioToItsEndAsync()
    {
        using var runDirectory = new PrivateRunDirectory();
        using var limit = new CancellationTokenSource(ExitLimit);
        await using var child = ChildProcess.Start(runDirectory.Path, Clients, FileBytes, DownstreamMbps);
        await child.WaitForAsync(ChildMarker.Setup, limit.Token);
        var clock = Stopwatch.StartNew();
        await child.WaitForAsync(ChildMarker.Download, limit.Token);
        _setupSpan = clock.Elapsed;
        await child.WaitForAsync(ChildMarker.Teardown, limit.Token);
        _downloadSpan = clock.Elapsed - _setupSpan;
        var exit = await child.WaitForExitAsync(limit.Token);
        exit.Should().Be(0, child.Output);
        var leftovers = new List<string>(await LabLeftovers.FindAsync(RunId.Prefix + child.RunId, runDirectory.Path));
        leftovers.AddRange(child.MarkedProcesses());
        _normalEndLeftovers = leftovers;
        TestContext.Progress.WriteLine(
            $"kill tests: setup took {_setupSpan.TotalMilliseconds:0} ms, downloads {_downloadSpan.TotalMilliseconds:0} ms; seed {Seed}");
    }

    [Test]
    public void A_lab_scenario_that_runs_to_its_end_leaves_nothing_behind() =>
        _normalEndLeftovers.Should().BeEmpty("a normal end tears the lab down");

    [TestCase(Posix.SIGINT, "setup")]
    [TestCase(Posix.SIGINT, "download")]
    [TestCase(Posix.SIGTERM, "setup")]
    [TestCase(Posix.SIGTERM, "download")]
    [TestCase(Posix.SIGKILL, "setup")]
    [TestCase(Posix.SIGKILL, "download")]
    public async Task A_killed_lab_scenario_leaves_nothing_behind(int signal, string window)
    {
        var random = new Random(HashCode.Combine(Seed, signal, window.Length));
        TestContext.Out.WriteLine($"seed {Seed} (replay with NBDD_RELIABILITY_SEED={Seed})");
        using var runDirectory = new PrivateRunDirectory();
        var points = new List<KillPoint>();
        for (var i = 0; i < PointsPerWindow; i++)
        {
            var span = window == "setup" ? _setupSpan : _downloadSpan;
            var point = new KillPoint(Name(signal), window, span * 0.8 * random.NextDouble());
            points.Add(point);
            await KillOnceAsync(point, signal, runDirectory.Path);
            TestContext.Progress.WriteLine(point);
        }

        points.Should().AllSatisfy(p => p.Leftovers.Should().BeEmpty(
            $"{p.Signal} {p.Delay.TotalMilliseconds:0} ms into {p.Window} must leave nothing of the run behind"));
    }

    private static async Task KillOnceAsync(KillPoint point, int signal, string runDirectory)
    {
        using var limit = new CancellationTokenSource(ExitLimit);
        await using var child = ChildProcess.Start(runDirectory, Clients, FileBytes, DownstreamMbps);
        await child.WaitForAsync(point.Window == "setup" ? ChildMarker.Setup : ChildMarker.Download, limit.Token);
        await Task.Delay(point.Delay, limit.Token);
        point.PhaseAtKill = child.Phase;
        child.Signal(signal);
        point.ExitCode = await child.WaitForExitAsync(limit.Token);
        var runId = child.RunId ?? throw new InvalidOperationException("The child was signalled after it announced its run id, yet it is missing.");

        if (signal == Posix.SIGKILL)
        {
            // The dead child's last `ip -batch` may still be running; the next run starts seconds later, not at once.
            await WaitUntilAsync(() => !child.MarkedProcesses().Any(p => p.Split(' ')[1] == "ip:"), limit.Token);
            var reaped = await new Reaper(new LabHost { Warn = _ => { } }, runDirectory).ReapAsync(null, limit.Token);
            point.Reaped = reaped.Contains(runId) ? "yes" : "none";
        }

        var leftovers = new List<string>(await LabLeftovers.FindAsync(RunId.Prefix + runId, runDirectory));
        leftovers.AddRange(child.MarkedProcesses().Select(p => "process: " + p));
        point.Leftovers = leftovers;
        if (leftovers.Count > 0)
        {
            TestContext.Out.WriteLine($"{point}\n  {string.Join("\n  ", leftovers)}\nchild output:\n{child.Output}");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private static string Name(int signal) => signal switch
    {
        Posix.SIGINT => "SIGINT",
        Posix.SIGTERM => "SIGTERM",
        _ => "SIGKILL",
    };
}
