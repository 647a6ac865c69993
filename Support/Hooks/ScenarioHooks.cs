using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Reports;
using NetnsBdd.Support.Results;
using Reqnroll.BoDi;
using Reqnroll;

namespace NetnsBdd.Support.Hooks;

/// <summary>
/// Every scenario gets a health monitor (its cost is a fraction of a per mille of one core, and the lab's own set-up
/// is load worth seeing) and a download manager; once a step builds the lab, the monitor also records the router's
/// interface counters. When it ends, failed or not, the monitor stops and the scenario's results, health series and
/// charts are written to the run folder and attached through Reqnroll (NUnit result and Reqnroll's HTML report).
/// </summary>
[Binding]
public sealed class ScenarioHooks(
    IObjectContainer container, ScenarioContext scenario, IReqnrollOutputHelper output,
    ScenarioCancellation cancellation, HealthContext health, DownloadContext downloads, LabDriver lab, LatencyContext latency,
    ScenarioFolder scenarioFolder, SoakContext soak)
{
    [BeforeScenario(Order = 0)]
    public void RegisterDrivers(Settings.SuiteSettings settings, Drivers.Scheduling.StartSlots slots, DownloadPlan plan)
    {
        // Every scenario takes its slot, downloading or not, so the k-th scenarios of all hosts share an instant.
        var (index, at) = slots.Take();
        if (at is not null)
        {
            plan.StartAt = at;
            plan.StartAtSource = index == 0
                ? "Download:StartAt"
                : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the start of this run's scenario {index + 1} (Download:StartAt + {index} x Download:StartPeriodSeconds {slots.Period.TotalSeconds} s)");
        }

        // The scenario's one download manager: the engine comes with each request (the plan's choice), so the single
        // download, the soak and a fleet's scheduled start all run through it and its health mark.
        var manager = new DownloadManager(TestContext.Progress)
        {
            Schedule = settings.Fleet.StartSchedule(),
        };
        // A health sample just before the clients start separates the lab's set-up from the download, also when the
        // whole download is shorter than one sampling interval.
        manager.Starting += health.Mark;
        container.RegisterInstanceAs(manager);
    }

    [BeforeScenario(Order = 10)]
    public Task StartHealthMonitorAsync()
    {
        // The lab is built by a later step; its router counters join the running series then.
        lab.RouterCountersReady += health.Watch;
        return health.StartAsync(TestContext.Progress, cancellation.Token);
    }

    [AfterScenario(Order = 0)]
    public Task StopHealthMonitorAsync() => health.StopAsync();

    [AfterScenario(Order = 10)]
    public void WriteArtifacts(Settings.SuiteSettings settings)
    {
        var name = scenarioFolder.Title;
        var report = new ScenarioReport(name, scenario.ScenarioExecutionStatus.ToString())
        {
            Host = settings.Fleet.EffectiveHost,
            ErrorMessage = scenario.TestError?.Message,
            Download = downloads.RunOrNull,
            Upload = downloads.UploadOrNull,
            UpstreamShapedRateMbps = lab.Shaping.UpstreamMbps,
            UpstreamAckPriority = lab.Shaping.UpstreamAckPriority,
            Health = health.Series,
            ShapedRateMbps = lab.DownstreamMbps,
            Latency = latency.MeasurementOrNull,
            Lab = LabJson.Of(lab),
            Soak = soak.RunOrNull,
        };
        foreach (var file in ScenarioArtifacts.Write(scenarioFolder.Path, report))
        {
            output.AddAttachment(file);
        }

        var figures = KeyFigures.Of(report);
        if (figures.Count > 0)
        {
            output.WriteLine(string.Join(Environment.NewLine, figures.Select(f => $"{f.Key}: {f.Value}")));
        }

        // Also in Reqnroll's NDJSON and HTML reports, so each host's report says whose it is.
        output.WriteLine($"Scenario results of host {report.Host}: {scenarioFolder.Path}");
    }

    /// <summary>
    /// Tears the lab down and ends the health monitor at the end of every scenario, failed or not. Reqnroll's
    /// container disposes only <see cref="IDisposable"/> objects at a scenario's end, not <see cref="IAsyncDisposable"/>
    /// ones like these: without this hook a lab would stay up until the process exits (LabShutdown's exit teardown).
    /// </summary>
    [AfterScenario(Order = 1000)]
    public async Task TearDownAsync()
    {
        try
        {
            await lab.DisposeAsync();
        }
        finally
        {
            await health.DisposeAsync();
        }
    }
}
