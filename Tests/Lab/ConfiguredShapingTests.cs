using System.Text.Json;
using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Support.Settings;
using NetnsBdd.Tests.Features;
using NUnit.Framework;

namespace NetnsBdd.Tests.Lab;

/// <summary>
/// A cap or impairment from configuration (Lab:DownstreamMbps, Lab:DelayMs, ...) is the same thing as one a step set:
/// the verdicts, the shaping truth check and results.json read it from the shaper that applied it. Before, the
/// scenario façade only knew of caps set by a step, so "within N% of the router's rate" went inconclusive, the truth
/// check was skipped and results.json had no shapedRateMbps for a configured cap; and a configured delay was wiped by
/// a later loss step.
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class ConfiguredShapingTests
{
    private static readonly LatencySettings NoProbes = new() { Enabled = false };

    [Test]
    [CancelAfter(120_000)]
    public async Task A_configured_cap_is_the_cap_in_force_as_a_steps_is(CancellationToken cancellationToken)
    {
        var settings = SuiteSettings.Load();
        await using var configured = new LabDriver(settings.Lab with { DownstreamMbps = 80 }, NoProbes);
        await configured.StartAsync(3, null, cancellationToken);
        await using var stepped = new LabDriver(settings.Lab, NoProbes);
        await stepped.StartAsync(3, null, cancellationToken);
        await stepped.ShapeDownstreamAsync(80, cancellationToken);

        configured.Shaping.Should().Be(new LabShaping(80, null, null, null));
        configured.Shaping.Should().Be(stepped.Shaping, "whoever set the cap, the shaper reports what it applied");
        configured.RouterRateMbps.Should().Be(80, "the goodput step judges against it instead of going inconclusive");
        configured.DownstreamMbps.Should().Be(80, "ScenarioHooks writes it to results.json as shapedRateMbps");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_configured_delay_survives_a_later_loss_step(CancellationToken cancellationToken)
    {
        var settings = SuiteSettings.Load();
        await using var lab = new LabDriver(settings.Lab with { DelayMs = 20, JitterMs = 5 }, NoProbes);
        try
        {
            await lab.StartAsync(2, null, cancellationToken);
        }
        catch (KernelFeatureMissingException e)
        {
            Assert.Inconclusive($"This kernel cannot add delay or loss: {e.Message}");
        }

        await lab.DropAsync(1, cancellationToken);

        lab.Shaping.Impairment.Should().Be(new Impairment(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(5), 1),
            "the loss step adds to the configured delay and jitter; it does not replace them");
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task Configuration_and_step_caps_give_the_same_verdicts_and_results(CancellationToken cancellationToken)
    {
        const string Scenario = """
            Feature: Shaped router
              Scenario: Goodput against the router's rate
                Given 4 clients
                {0}And a file of 8 MB
                When all clients start parallel download
                Then every client completes the download within the timeout
                And every client received the whole file
                And the aggregate goodput is within 10% of the router's rate
            """;
        using var byConfiguration = await ChildFeatureRun.RunAsync(
            new Dictionary<string, string> { ["shaped.feature"] = Scenario.Replace("{0}", "", StringComparison.Ordinal) },
            cancellationToken, new Dictionary<string, string> { ["NBDD_Lab__DownstreamMbps"] = "80", ["NBDD_Latency__Enabled"] = "false" });
        using var byStep = await ChildFeatureRun.RunAsync(
            new Dictionary<string, string> { ["shaped.feature"] = Scenario.Replace("{0}", "And the router's downstream is shaped to 80 Mbit/s\n    ", StringComparison.Ordinal) },
            cancellationToken, new Dictionary<string, string> { ["NBDD_Latency__Enabled"] = "false" });

        foreach (var (how, run) in new[] { ("configuration", byConfiguration), ("step", byStep) })
        {
            var scenario = run.Single("GoodputAgainstTheRouterSRate");
            scenario.Outcome.Should().Be("Passed", $"the cap set by {how} is judged, not inconclusive: {scenario.Message}");
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(ResultsOf(run), cancellationToken));
            results.RootElement.GetProperty("shapedRateMbps").GetDouble().Should().Be(80, $"results.json records the cap set by {how}");
            results.RootElement.GetProperty("aggregate").GetProperty("goodputMbps").GetDouble()
                .Should().BeLessThanOrEqualTo(80, $"the shaping truth check holds the cap set by {how}");
        }
    }

    private static string ResultsOf(ChildFeatureRun run) =>
        Directory.GetFiles(run.RunFolder, "results.json", SearchOption.AllDirectories).Should().ContainSingle().Which;
}
