using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Lab;

/// <summary>Setup and teardown times; printed, not asserted (the machine's load decides them).</summary>
[TestFixture]
[Category("benchmark")]
[Explicit("Creates 200 namespaces; run on purpose: dotnet test --filter TestCategory=benchmark")]
[NonParallelizable]
public sealed class LabBenchmark
{
    [TestCase(50)]
    [TestCase(200)]
    public async Task Setup_and_teardown_seconds(int clients)
    {
        var clock = Stopwatch.StartNew();
        var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = clients });
        var setup = clock.Elapsed;
        clock.Restart();
        await lab.DisposeAsync();
        var teardown = clock.Elapsed;

        TestContext.Out.WriteLine(
            $"{clients} clients: setup {setup.TotalSeconds:0.000} s (driver's own {lab.SetupTime.TotalSeconds:0.000} s, " +
            $"after preflight and reaping), teardown {teardown.TotalSeconds:0.000} s, total {(setup + teardown).TotalSeconds:0.000} s");
        (await LabLeftovers.FindAsync(lab.Names.Prefix)).Should().BeEmpty();
    }
}
