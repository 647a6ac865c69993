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

    /// <summary>Deletes every scratch file of the run whose names start with <paramref name="namePrefix"/>; returns how many.</summary>
    public static int DeleteRun(string namePrefix)
    {
        var deleted = 0;
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

        public override string ToString() => $"scratch files {Folder}/{RunId.Prefix}-*-{namePrefix}*";
    }
}
