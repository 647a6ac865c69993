namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Per-client scratch files (wget's log): memory-backed where there is /dev/shm, named `nbdd-KIND-NAMESPACE-…` so they
/// carry the run id. The lab deletes its run's files at teardown and the reaper those of a dead run, so a client
/// killed with the test host (SIGINT, SIGTERM, SIGKILL) leaves none behind.
/// </summary>
public static class LabScratch
{
    public static string Folder { get; } = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>A fresh file name for <paramref name="kind"/> (e.g. "wget") of the client in <paramref name="namespaceName"/>.</summary>
    public static string NewFile(string kind, string namespaceName) =>
        Path.Combine(Folder, $"{RunId.Prefix}-{kind}-{namespaceName}-{Guid.NewGuid():N}.log");

    /// <summary>Where `ip netns exec` finds per-namespace files (the wget start gate's resolv.conf).</summary>
    public const string EtcNetns = "/etc/netns";

    /// <summary>
    /// Deletes every scratch file of the run whose names start with <paramref name="namePrefix"/>, and its namespaces'
    /// folders under /etc/netns (the start gate removes its own; this covers a run killed mid-download); returns how many.
    /// </summary>
    public static int DeleteRun(string namePrefix)
    {
        var deleted = 0;
        if (Directory.Exists(EtcNetns))
        {
            foreach (var folder in Directory.EnumerateDirectories(EtcNetns, $"{namePrefix}*"))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                    deleted++;
                }
                catch (IOException)
                {
                    // Gone meanwhile: the goal is reached.
                }
            }
        }

        foreach (var file in Directory.EnumerateFiles(Folder, $"{RunId.Prefix}-*-{namePrefix}*"))
        {
            try
            {
                File.Delete(file);
                deleted++;
            }
            catch (IOException)
            {
                // Gone meanwhile: the goal is reached.
            }
        }

        return deleted;
    }

    /// <summary>Teardown step: the run's scratch files go with its namespaces.</summary>
    public sealed class Owner(string namePrefix) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            DeleteRun(namePrefix);
            return ValueTask.CompletedTask;
        }

        public override string ToString() => $"scratch files {Folder}/{RunId.Prefix}-*-{namePrefix}* and {EtcNetns}/{namePrefix}*";
    }
}
