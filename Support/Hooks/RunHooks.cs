using NetnsBdd.Support.Bdd;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Support.Hooks;

/// <summary>Run-wide set-up: settings are loaded and validated once, before any lab is built.</summary>
[Binding]
public sealed class RunHooks
{
    [BeforeTestRun(Order = 0)]
    public static void LoadSettings(IObjectContainer container)
    {
        var settings = SuiteSettings.Load();
        container.RegisterInstanceAs(settings);
        TestContext.Progress.WriteLine(
            $"NetnsBdd: lab mode {settings.Lab.Mode}, {settings.Lab.Clients} clients by default, " +
            $"file {settings.Download.FileSizeBytes} bytes, timeout {settings.Download.TimeoutSeconds} s");
    }
}
