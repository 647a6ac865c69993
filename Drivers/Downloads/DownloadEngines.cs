using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>Makes the engine a setting or a scenario names.</summary>
public static class DownloadEngines
{
    public static IDownloadEngine Create(DownloadEngineKind kind, CommandRunner runner, WgetOptions? wget = null, NativeOptions? native = null) => kind switch
    {
        DownloadEngineKind.Wget => new WgetEngine(runner, wget),
        DownloadEngineKind.Native => new NativeEngine(runner, native),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown download engine '{kind}'; use Wget or Native."),
    };
}
