using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using NetnsBdd.Tests.Features;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

/// <summary>The product's own bindings and hooks on a real lab (root), in a child run: a failing scenario still writes everything.</summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class FailingScenarioArtifactsTests
{
    [Test]
    [CancelAfter(300_000)]
    public async Task A_failing_scenario_still_writes_results_health_charts_and_run_reports(CancellationToken cancellationToken)
    {
        using var run = await ChildFeatureRun.RunAsync(
            new Dictionary<string, string>
            {
                ["failing.feature"] = """
                    Feature: Failing on purpose
                      Scenario: Downloads judged against the wrong status
                        Given 3 clients
                        And the router's downstream is shaped to 40 Mbit/s
                        And a file of 4 MB
                        When all clients start parallel download
                        Then every client fails with HTTP status 404
                    """,
                ["lifetime.feature"] = """
                    @labLifetime
                    Feature: Lab lifetime
                      Scenario: The lab of the failed scenario is gone
                        Then no lab is up
                    """,
            },
            cancellationToken);

        run.Single("DownloadsJudgedAgainstTheWrongStatus").Outcome.Should().Be("Failed", "the download succeeds, so the 404 expectation fails");
        run.Single("TheLabOfTheFailedScenarioIsGone").Outcome.Should().Be("Passed", run.Single("TheLabOfTheFailedScenarioIsGone").Message);
        var scenario = Directory.GetDirectories(run.RunFolder).Should().Contain(d => d.EndsWith("-failing-on-purpose-downloads-judged-against-the-wrong-status", StringComparison.Ordinal)).Which;
        Path.GetFileName(scenario).Should().StartWith("00");

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

        // Reqnroll's own reports: the HTML embeds the messages (scenario name, the failure), the NDJSON ends the run.
        File.ReadAllText(run.HtmlPath).Should().Contain("Downloads judged against the wrong status").And.Contain("HTTP 404");
        var messages = File.ReadAllLines(run.MessagesPath);
        messages.Should().Contain(l => l.Contains("\"testRunFinished\"", StringComparison.Ordinal));
        messages.Where(l => l.Contains("\"attachment\"", StringComparison.Ordinal)).Should().Contain(
            l => l.Contains("image/png", StringComparison.Ordinal), "the charts reach Reqnroll's report as attachments");
    }
}
