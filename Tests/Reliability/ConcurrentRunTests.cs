using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Tests.Lab;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// Two runs on one machine at the same time stay apart (the documented choice, see docs/reliability.md): two child
/// processes build labs with the same subnets at once, every client of both gets the whole file, and neither leaves
/// anything. Distinct run ids keep their names apart; separate namespaces keep their identical addresses apart.
/// </summary>
[TestFixture]
[Category("lab")]
[Category("reliability")]
[NonParallelizable]
public sealed class ConcurrentRunTests
{
    [Test]
    public async Task Two_runs_at_once_with_the_same_subnets_both_succeed_and_leave_nothing()
    {
        using var runDirectory = new PrivateRunDirectory();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var first = ChildProcess.Start(runDirectory.Path, 8, 2_000_000, 200);
        await using var second = ChildProcess.Start(runDirectory.Path, 8, 2_000_000, 200);
        await Task.WhenAll(first.WaitForAsync(ChildMarker.Download, limit.Token), second.WaitForAsync(ChildMarker.Download, limit.Token));

        var exits = await Task.WhenAll(first.WaitForExitAsync(limit.Token), second.WaitForExitAsync(limit.Token));

        first.RunId.Should().NotBe(second.RunId);
        exits.Should().Equal([0, 0], $"both runs download everything:\n{first.Output}\n---\n{second.Output}");
        foreach (var child in new[] { first, second })
        {
            (await LabLeftovers.FindAsync(RunId.Prefix + child.RunId, runDirectory.Path)).Should().BeEmpty();
            child.MarkedProcesses().Should().BeEmpty();
        }
    }
}
