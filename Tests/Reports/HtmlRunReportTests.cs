using System.Net;
using FluentAssertions;
using NetnsBdd.Support.Bdd;
using NetnsBdd.Support.Reports.Html;
using NetnsBdd.Tests.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

/// <summary>
/// Stands in for a product AfterScenario hook: attaches figures and a chart to the scenario it runs in. The report
/// reaches it through a static, as a product hook would reach the run's report.
/// </summary>
[Binding]
public sealed class HtmlRunReportArtifactHook(ScenarioContext scenario)
{
    public static HtmlRunReport? Report { get; set; }

    public static string? ChartPath { get; set; }

    [AfterScenario]
    public void Attach()
    {
        if (scenario.ScenarioInfo.Title == "Passing download")
        {
            Report!.AddScenarioArtifacts(
                scenario.ScenarioInfo.TestName,
                new Dictionary<string, string> { ["Aggregate <Mbit/s>"] = "78.4", ["Clients"] = "3" },
                [ChartPath!]);
        }
    }
}

[TestFixture]
[Category("unit")]
[NonParallelizable] // the artifact hook binding is static
public sealed class HtmlRunReportTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        // Kept (not deleted) so the last run's report can be opened in a browser or rendered headless.
        _folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "HtmlRunReportSamples", TestContext.CurrentContext.Test.Name);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        Directory.CreateDirectory(_folder);
    }

    private async Task<(string Html, RunOutcome Outcome)> RunSampleAsync()
    {
        var report = HtmlRunReport.InDirectory(_folder);
        var chart = Path.Combine(_folder, "throughput.png");
        await File.WriteAllBytesAsync(chart, HtmlRunReportPng.Bars(360, 160, 0.9, 0.6, 0.75, 0.3));
        HtmlRunReportArtifactHook.Report = report;
        HtmlRunReportArtifactHook.ChartPath = chart;
        try
        {
            var outcome = await BddHarness.RunAsync(
                CucumberMessagesSample.Feature, [report], typeof(CucumberMessagesSampleSteps), typeof(HtmlRunReportArtifactHook));
            return (await File.ReadAllTextAsync(report.FilePath), outcome);
        }
        finally
        {
            HtmlRunReportArtifactHook.Report = null;
        }
    }

    [Test]
    public async Task TheReportNamesEveryScenarioHtmlEncoded()
    {
        var (html, outcome) = await RunSampleAsync();

        outcome.Results.Should().HaveCount(5);
        foreach (var result in outcome.Results)
        {
            html.Should().Contain(WebUtility.HtmlEncode(result.TestName));
        }

        html.Should().Contain("Failing &lt;link&gt;").And.NotContain("Failing <link>");
        html.Should().StartWith("<!DOCTYPE html>").And.EndWith("</html>\n");
    }

    [Test]
    public async Task TheReportShowsTheFailingStepAndItsMessage()
    {
        var (html, _) = await RunSampleAsync();

        html.Should().Contain("Failed at <span class=\"kw\">Then</span> the link breaks");
        html.Should().Contain(WebUtility.HtmlEncode(CucumberMessagesSample.FailureMessage));
        html.Should().Contain("No matching step definition found for the step &#39;When nobody wrote this step&#39;");
    }

    [Test]
    public async Task TheSummaryCountsPassedFailedAndSkipped()
    {
        var (html, _) = await RunSampleAsync();

        html.Should().Contain("<div class=\"count passed\"><b>3</b>passed</div>");
        html.Should().Contain("<div class=\"count failed\"><b>2</b>failed</div>");
        html.Should().Contain("<div class=\"count skipped\"><b>0</b>skipped</div>");
        html.Should().Contain(WebUtility.HtmlEncode(Environment.MachineName));
    }

    [Test]
    public async Task FiguresAndChartsAttachedByAHookAreEmbedded()
    {
        var (html, _) = await RunSampleAsync();

        html.Should().Contain("<th>Aggregate &lt;Mbit/s&gt;</th><td>78.4</td>");
        var png = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(_folder, "throughput.png")));
        html.Should().Contain("<img src=\"data:image/png;base64," + png + "\"");
        html.Should().NotContain("src=\"http").And.NotContain("<script").And.NotContain("<link ");
    }

    [Test]
    public void AChartThatIsNotAPngIsNamedInsteadOfEmbedded()
    {
        var report = HtmlRunReport.InDirectory(_folder);
        var notPng = Path.Combine(_folder, "chart.png");
        File.WriteAllText(notPng, "<svg/>");

        report.AddScenarioArtifacts("F: S", new Dictionary<string, string>(), [notPng, Path.Combine(_folder, "missing.png")]);
        report.Write();

        var html = File.ReadAllText(report.FilePath);
        html.Should().Contain(WebUtility.HtmlEncode($"{notPng} is not a PNG file."));
        html.Should().Contain("missing.png could not be read");
        html.Should().NotContain("data:image/png");
        html.Should().Contain("Artifacts without a finished scenario").And.Contain("F: S");
    }
}
