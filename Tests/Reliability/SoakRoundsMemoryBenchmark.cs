using NUnit.Framework;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// <see cref="SoakRoundsMemoryTests"/> with 20 wget processes per round: the same flat-memory and nothing-left checks,
/// about 2 minutes on 2 cores, so it runs on purpose with the benchmarks.
/// </summary>
[TestFixture]
[Category(TestTier.Benchmark)]
[Category("soak")]
[NonParallelizable]
public sealed class SoakRoundsMemoryBenchmark
{
    [Test]
    [Explicit("100 rounds of 20 wget processes each: about 2 minutes on 2 cores; run on purpose: dotnet test --filter TestCategory=benchmark")]
    public Task A_hundred_rounds_of_twenty_clients_wget_stay_flat_and_leave_nothing() =>
        SoakRoundsMemoryTests.RunAsync("Wget");
}
