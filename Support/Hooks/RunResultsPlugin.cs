using NetnsBdd.Support.Reports;
using NetnsBdd.Support.Settings;
using Reqnroll.Plugins;
using Reqnroll.UnitTestProvider;

namespace NetnsBdd.Support.Hooks;

/// <summary>
/// A Reqnroll runtime plugin: loads and validates the settings and makes the run's results folder before Reqnroll
/// starts its formatters, so reqnroll.json can send the NDJSON and HTML reports into that folder through
/// <c>{env:NBDD_RUN_FOLDER}</c>; both are registered for hooks and steps to inject. Runs once per test run (when
/// Reqnroll builds its global container), so unit tests that never start Reqnroll make no results folder.
/// </summary>
public sealed class RunResultsPlugin : IRuntimePlugin
{
    public const string RunFolderVariable = "NBDD_RUN_FOLDER";

    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters, UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        var settings = SuiteSettings.Load();
        var folder = RunFolder.Create(ResultsRoot.Resolve(settings.Reports.OutputDirectory), DateTimeOffset.UtcNow, settings.Fleet.EffectiveHost);
        Environment.SetEnvironmentVariable(RunFolderVariable, folder.Path);
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
        {
            e.ObjectContainer.RegisterInstanceAs(settings);
            // The sections drivers take as options (LabDriver, DownloadPlan, ...), so the container never makes defaults.
            e.ObjectContainer.RegisterInstanceAs(settings.Lab);
            e.ObjectContainer.RegisterInstanceAs(settings.Download);
            e.ObjectContainer.RegisterInstanceAs(settings.Latency);
            e.ObjectContainer.RegisterInstanceAs(settings.Health);
            e.ObjectContainer.RegisterInstanceAs(folder);
            e.ObjectContainer.RegisterInstanceAs(new Drivers.Scheduling.StartSlots(
                settings.Download.StartAtInstant, TimeSpan.FromSeconds(settings.Download.StartPeriodSeconds)));
        };
    }
}
