using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Support.Reports;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

/// <summary>
/// Writes sample artifacts to look at (NBDD_REPORT_SAMPLES, default the results folder's report-samples/, kept like
/// any results): run it by name after changing a chart, then open the PNGs.
/// </summary>
[TestFixture]
[Category("benchmark")]
[Explicit("Writes sample charts for a person to look at; run on purpose by name or with the benchmarks")]
public sealed class ReportSamples
{
    [Test]
    public void Write_samples()
    {
        var root = Environment.GetEnvironmentVariable("NBDD_REPORT_SAMPLES") ?? Path.Combine(ResultsRoot.Resolve(new ReportSettings().OutputDirectory), "report-samples");
        var run = RunFolder.Create(root, DateTimeOffset.UtcNow);

        var four = ScenarioArtifacts.Write(run.CreateScenarioFolder("Four clients share 40 Mbit/s"), new ScenarioReport("Four clients share 40 Mbit/s", "Failed")
        {
            ErrorMessage = "Expected fairness >= 0.9, but found 0.61.",
            Download = ReportData.FourClients(),
            Health = ReportData.Health(6, withTemperature: true),
            ShapedRateMbps = 40,
        });

        var clients = Enumerable.Range(1, 32)
            .Select(i => ReportData.Client(
                $"nbdd-c{i}",
                i % 11 == 0 ? DownloadOutcome.Timeout : i % 13 == 0 ? DownloadOutcome.NetworkFailure : DownloadOutcome.Ok,
                i * 0.01,
                6 + i % 5,
                (long)(3_000_000 + 250_000 * (i % 7))))
            .ToArray();
        var many = ScenarioArtifacts.Write(run.CreateScenarioFolder("Thirty-two clients, no thermal sensor"), new ScenarioReport("32 clients", "Passed")
        {
            Download = ReportData.Run(clients),
            Health = ReportData.Health(6, withTemperature: false),
            ShapedRateMbps = 100,
        });

        TestContext.Out.WriteLine(run.Path);
        four.Concat(many).Should().Contain(f => f.EndsWith(".png", StringComparison.Ordinal));
    }
}
