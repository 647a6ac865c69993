namespace NetnsBdd.Tests;

/// <summary>
/// The tiers a test fixture belongs to, exactly one each (Tests/Architecture/TestTierTests checks it), so a filter on
/// one tier runs a known kind of test: <c>dotnet test --filter "TestCategory=unit"</c> without root in about half a
/// minute, the arm64 stage every unit fixture under qemu. Other categories (soak, reliability, fleet, router, a
/// feature's tags) say what a test is about and may be added freely beside the tier.
/// </summary>
public static class TestTier
{
    /// <summary>In-process: no root, no namespaces, no timing of the real host; loopback sockets and temp files only.</summary>
    public const string Unit = "unit";

    /// <summary>The real machine: root and namespaces (a lab, a home-router emulation), or the host's own load and clock.</summary>
    public const string Lab = "lab";

    /// <summary>Gherkin features run through the Reqnroll bridge (Features/, and the test features child runs write).</summary>
    public const string Feature = "feature";

    /// <summary>
    /// Run on purpose ([Explicit]): figures printed (and written) for docs/benchmarks.md, never a pass/fail on timing
    /// alone, and artefacts for a person to look at (sample charts).
    /// </summary>
    public const string Benchmark = "benchmark";

    public static IReadOnlyList<string> All { get; } = [Unit, Lab, Feature, Benchmark];
}
