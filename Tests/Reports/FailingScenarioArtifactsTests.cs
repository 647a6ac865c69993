using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using NetnsBdd.StepDefinitions;
using NetnsBdd.Support.Bdd;
using NetnsBdd.Support.Hooks;
using NetnsBdd.Tests.Bdd;
using NUnit.Framework;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Tests.Reports;

/// <summary>The product's own bindings and hooks on a real lab (root): a failing scenario still writes everything.</summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class FailingScenarioArtifactsTests
{
    private string _output = "";

    [SetUp]
    public void UseAPrivateResultsFolder()
    {
        _output = Path.Combine(RunScratch.ForProcess.Path, $"results-{Guid.NewGuid():N}");
        Environment.SetEnvironmentVariable("NBDD_Reports__OutputDirectory", _output);
    }

    [TearDown]
    public void Forget()
    {
        Environment.SetEnvironmentVariable("NBDD_Reports__OutputDirectory", null);
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_failing_scenario_still_writes_results_health_charts_and_run_reports()
    {
        var outcome = await BddHarness.RunAsync(
            """
            Feature: Failing on purpose
              Scenario: Downloads judged against the wrong status
                Given 3 clients
                And the router's downstream is shaped to 40 Mbit/s
                And a file of 4 MB
                When all clients start parallel download
                Then every client fails with HTTP status 404
            """,
            typeof(LabStepDefinitions), typeof(DownloadStepDefinitions), typeof(ScenarioHooks), typeof(RunHooks), typeof(RunReports));

        outcome.Single.Succeeded.Should().BeFalse("the download succeeds, so the 404 expectation fails");
        var run = Path.Combine(_output, "latest");
        var scenario = Directory.GetDirectories(run).Should().ContainSingle().Subject;
        Path.GetFileName(scenario).Should().Be("001-failing-on-purpose-downloads-judged-against-the-wrong-status");

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(scenario, "results.json")));
        results.RootElement.GetProperty("status").GetString().Should().NotBe("OK");
        results.RootElement.GetProperty("clients").EnumerateObject().Should().HaveCount(3);
        var health = File.ReadAllLines(Path.Combine(scenario, "health.csv"));
        health.Should().HaveCountGreaterThan(1, "a header and at least one sample");
        var header = health[0].Split(',');
        var bridgeTx = Array.FindIndex(header, h => Regex.IsMatch(h, "^net_clients_nbdd[a-z0-9]{6}b_tx_bytes$"));
        bridgeTx.Should().BePositive("the hooks add the router's bridge once the lab is built: {0}", health[0]);
        header.Should().Contain(h => Regex.IsMatch(h, "^net_server_nbdd[a-z0-9]{6}x_rx_mbit_s$"));
        health.Skip(1).Select(l => l.Split(',')[bridgeTx]).Should().Contain(
            cell => cell.Length > 0 && long.Parse(cell, CultureInfo.InvariantCulture) > 100_000,
            "a sample during the ~2.5 s download has the bridge's count of what it carried so far");
        foreach (var chart in new[] { "throughput-per-client.png", "throughput-over-time.png", "health.png" })
        {
            new FileInfo(Path.Combine(scenario, chart)).Length.Should().BeGreaterThan(1000, $"{chart} is a real picture");
        }

        File.ReadAllText(Path.Combine(run, "report.html")).Should().Contain("Downloads judged against the wrong status").And.Contain("HTTP 404");
        File.ReadAllLines(Path.Combine(run, "cucumber-messages.ndjson")).Should().Contain(l => l.Contains("\"testRunFinished\"", StringComparison.Ordinal));
    }
}
