namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// The per-namespace files `ip netns exec NS` binds over /etc (<c>/etc/netns/NS/…</c>): the wget start gate's
/// resolv.conf. The gate removes its own; a run's teardown and the next run's reaper remove whatever a run killed
/// mid-download left, and only folders named after that run's own namespaces.
/// </summary>
public static class NetnsEtcFolders
{
    public const string Root = "/etc/netns";

    /// <summary>Deletes the folders of the namespaces whose names start with <paramref name="namePrefix"/>; returns how many.</summary>
    public static int DeleteRun(string namePrefix)
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(Root, $"{namePrefix}*"))
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

        return deleted;
    }

    /// <summary>Teardown step: the run's /etc/netns folders go with its namespaces.</summary>
    public sealed class Owner(string namePrefix) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            DeleteRun(namePrefix);
            return ValueTask.CompletedTask;
        }

        public override string ToString() => $"{Root}/{namePrefix}*";
    }
}
