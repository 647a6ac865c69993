using NetnsBdd.Drivers;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Bdd;
using NetnsBdd.Support.Reports;
using NUnit.Framework;

namespace NetnsBdd.Support.Hooks;

/// <summary>
/// Every scenario gets a health monitor (its cost is a fraction of a per mille of one core, and the lab's own set-up
/// is load worth seeing) and a download manager; once a step builds the lab, the monitor also records the router's
/// interface counters. When it ends, failed or not, the monitor stops and the scenario's
/// results, health series and charts are written to the run folder and attached to the NUnit result.
/// </summary>
[Binding]
public sealed class ScenarioHooks(
    IObjectContainer container, ScenarioContext scenario, HealthContext health, DownloadContext downloads, LabDriver lab)
{
    [BeforeScenario(Order = 0)]
    public void RegisterDrivers(Settings.SuiteSettings settings) =>
        container.RegisterInstanceAs(new DownloadManager(DownloadEngines.Create(settings.Download.EngineKind, new CommandRunner()), TestContext.Progress));

    [BeforeScenario(Order = 10)]
    public Task StartHealthMonitorAsync(CancellationToken cancellationToken)
    {
        // The lab is built by a later step; its router counters join the running series then.
        lab.RouterCountersReady += health.Watch;
        return health.StartAsync(TestContext.Progress, cancellationToken);
    }

    [AfterScenario(Order = 0)]
    public Task StopHealthMonitorAsync() => health.StopAsync();

    [AfterScenario(Order = 10)]
    public void WriteArtifacts(RunFolder folder, RunReports reports)
    {
        var report = new ScenarioReport(scenario.ScenarioInfo.TestName, scenario.ScenarioExecutionStatus.ToString())
        {
            ErrorMessage = scenario.TestError?.Message,
            Download = downloads.RunOrNull,
            Health = health.Series,
            ShapedRateMbps = lab.DownstreamMbps,
        };
        var scenarioFolder = folder.CreateScenarioFolder(scenario.ScenarioInfo.TestName);
        var files = ScenarioArtifacts.Write(scenarioFolder, report);
        foreach (var file in files)
        {
            TestContext.AddTestAttachment(file);
        }

        reports.AddScenarioArtifacts(
            scenario.ScenarioInfo.TestName, KeyFigures.Of(report), [.. files.Where(f => f.EndsWith(".png", StringComparison.Ordinal))]);

        TestContext.Out.WriteLine($"Scenario results: {scenarioFolder}");
    }
}
