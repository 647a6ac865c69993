using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Reports;
using NetnsBdd.Support.Settings;
using NUnit.Framework;
using Reqnroll;

namespace NetnsBdd.Support.Hooks;

/// <summary>Says what the run will do and where its results go, at the start and again at the end.</summary>
[Binding]
public sealed class RunHooks
{
    /// <summary>
    /// Before any scenario can build a lab: Ctrl-C, SIGTERM or an exit with a lab still up tears it down (see
    /// <see cref="LabShutdown"/>). Labs install this themselves too; doing it here makes it true from the first step.
    /// </summary>
    [BeforeTestRun(Order = -100)]
    public static void InstallShutdownHandlers() => LabShutdown.Install();

    [BeforeTestRun(Order = 0)]
    public static void Announce(SuiteSettings settings, RunFolder folder)
    {
        TestContext.Progress.WriteLine(
            $"NetnsBdd: lab mode {settings.Lab.Mode}, {settings.Lab.Clients} clients by default, " +
            $"file {settings.Download.FileSizeBytes} bytes, timeout {settings.Download.TimeoutSeconds} s");
        TestContext.Progress.WriteLine(folder.Announcement);
        if (ChartFont.Warning is { } warning)
        {
            TestContext.Progress.WriteLine(warning);
        }
    }

    /// <summary>
    /// With Download:StartAt, refuses an unsynchronised clock before any lab is built (the download checks again at
    /// its own instant), and says which host this is and when it will start.
    /// </summary>
    [BeforeTestRun(Order = 10)]
    public static void CheckStartClock(SuiteSettings settings)
    {
        if (settings.Download.StartAtInstant is not { } first)
        {
            return;
        }

        settings.Fleet.StartSchedule().Check(first, "Download:StartAt");
        TestContext.Progress.WriteLine(
            $"NetnsBdd: host {settings.Fleet.EffectiveHost}; downloads released at {Drivers.Scheduling.ScheduledStart.Format(first)}" +
            (settings.Download.StartPeriodSeconds > 0 ? $" + {settings.Download.StartPeriodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s per scenario" : ""));
    }

    [AfterTestRun]
    public static void AnnounceResults(RunFolder folder) => TestContext.Progress.WriteLine(folder.Announcement);
}
