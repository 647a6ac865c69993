using NetnsBdd.Drivers;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Bdd;
using NUnit.Framework;

namespace NetnsBdd.Support.Hooks;

/// <summary>
/// Every scenario gets a health monitor (its cost is a fraction of a per mille of one core, and the lab's own set-up
/// is load worth seeing) and a download manager; the monitor stops when the scenario ends, failed or not.
/// </summary>
[Binding]
public sealed class ScenarioHooks(IObjectContainer container, HealthContext health)
{
    [BeforeScenario(Order = 0)]
    public void RegisterDrivers() =>
        container.RegisterInstanceAs(new DownloadManager(new WgetEngine(new CommandRunner()), TestContext.Progress));

    [BeforeScenario(Order = 10)]
    public Task StartHealthMonitorAsync(CancellationToken cancellationToken) =>
        health.StartAsync(TestContext.Progress, cancellationToken);

    [AfterScenario(Order = 0)]
    public Task StopHealthMonitorAsync() => health.StopAsync();
}
