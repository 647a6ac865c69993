using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Tests.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// A lab run killed with SIGKILL while its https server is up (its CA and the clients' wget logs in the run's scratch
/// folder) leaves that folder behind, since nothing can run at SIGKILL; the next run on the machine must remove it
/// with the rest of the dead run, through its own reaper, and leave nothing of either run anywhere the suite writes.
/// </summary>
[TestFixture]
[Category("lab")]
[Category("reliability")]
[NonParallelizable]
public sealed class KilledHttpsRunTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Test]
    public async Task The_next_run_reaps_the_folders_of_a_run_killed_while_its_https_server_was_up()
    {
        Assume.That(Privileges.IsRoot, "the lab makes network namespaces and needs root");
        using var runDirectory = new PrivateRunDirectory();
        using var limit = new CancellationTokenSource(Limit);

        await using var killed = ChildProcess.Start(runDirectory.Path, clients: 4, fileBytes: 400_000_000, downstreamMbps: 100, https: true);
        await killed.WaitForAsync(ChildMarker.Download, limit.Token);
        var scratch = killed.ScratchFolder ?? throw new InvalidOperationException("The child did not announce its scratch folder:\n" + killed.Output);
        var prefix = RunId.Prefix + killed.RunId;
        // The downloads run for seconds at 100 Mbit/s: wait until wget has opened its logs beside the CA.
        await WaitUntilAsync(() => Directory.EnumerateFiles(scratch, "wget-*").Any(), limit.Token);
        var before = Directory.EnumerateFileSystemEntries(scratch, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        TestContext.Out.WriteLine($"run {killed.RunId}'s scratch before SIGKILL:\n  {string.Join("\n  ", before)}");
        before.Should().Contain(p => Path.GetFileName(p) == "ca.pem", "the https server's CA lives in the run's scratch folder");

        killed.Signal(Posix.SIGKILL);
        await killed.WaitForExitAsync(limit.Token);
        // Its last `ip -batch` may still be running; wget, orphaned in the lab's namespaces, is the reaper's to stop.
        await WaitUntilAsync(() => !killed.MarkedProcesses().Any(p => p.Split(' ')[1] == "ip:"), limit.Token);
        Directory.Exists(scratch).Should().BeTrue("SIGKILL cannot be caught, so the folder waits for the next run");

        await using var next = ChildProcess.Start(runDirectory.Path, clients: 2, fileBytes: 1_000_000, downstreamMbps: 100, https: true);
        var exit = await next.WaitForExitAsync(limit.Token);
        TestContext.Out.WriteLine($"next run {next.RunId}:\n{next.Output}");

        exit.Should().Be(0, next.Output);
        next.Output.Should().Contain($"reaped run {killed.RunId}", "the next run's reaper names the dead run it removed");
        Directory.Exists(scratch).Should().BeFalse("the reaper removes a dead run's scratch folder");
        (await LabLeftovers.FindAsync(prefix, runDirectory.Path)).Should().BeEmpty("nothing of the killed run is left anywhere");
        killed.MarkedProcesses().Should().BeEmpty("the reaper stops the dead run's processes with its namespaces");
        (await LabLeftovers.FindAsync(RunId.Prefix + next.RunId, runDirectory.Path)).Should().BeEmpty("the next run tore itself down");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
