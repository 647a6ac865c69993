using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class ReaperTests
{
    [Test]
    public async Task Reaps_a_dead_runs_namespaces_and_files_but_only_warns_about_unclaimed_ones_and_spares_live_runs()
    {
        var runDirectory = "/run/nbdd";
        var dead = new LabNames(RunId.New(), runDirectory);
        var live = new LabNames(RunId.New(), runDirectory);
        var unclaimed = new LabNames(RunId.New(), runDirectory);
        var runner = new CommandRunner();
        var finished = await runner.ExecuteAsync(new Command("true"));
        Directory.CreateDirectory(dead.RunFolder);
        File.WriteAllText(dead.RunFile, new RunRecord(finished.ProcessId, 1).Serialize());
        File.WriteAllText(live.RunFile, RunRecord.ForCurrentProcess().Serialize());
        await TestNamespaces.AddAsync(runner, dead.ClientNamespace(1), dead.RouterNamespace, live.ClientNamespace(1), unclaimed.ClientNamespace(1));
        var warnings = new List<string>();
        try
        {
            var reaped = await new Reaper(new LabHost { Warn = warnings.Add }, runDirectory).ReapAsync(null, CancellationToken.None);

            reaped.Should().Equal(dead.RunId.Value);
            File.Exists("/run/netns/" + dead.ClientNamespace(1)).Should().BeFalse();
            File.Exists("/run/netns/" + dead.RouterNamespace).Should().BeFalse();
            File.Exists(dead.RunFile).Should().BeFalse();
            Directory.Exists(dead.RunFolder).Should().BeFalse();
            File.Exists("/run/netns/" + live.ClientNamespace(1)).Should().BeTrue("its owner (this process) is alive");
            File.Exists("/run/netns/" + unclaimed.ClientNamespace(1)).Should().BeTrue("no run file claims it");
            warnings.Should().Contain(w => w.Contains(unclaimed.ClientNamespace(1)) && w.Contains("left alone"));
        }
        finally
        {
            await TestNamespaces.DeleteAsync(runner, live.ClientNamespace(1), unclaimed.ClientNamespace(1));
            File.Delete(live.RunFile);
        }
    }
}
