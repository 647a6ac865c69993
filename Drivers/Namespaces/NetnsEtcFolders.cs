namespace NetnsBdd.Drivers.Namespaces;

/// <summary>
/// The per-namespace files `ip netns exec NS` binds over /etc (<c>/etc/netns/NS/…</c>): the wget start gate's
/// resolv.conf. The gate removes its own; a run's teardown and the next run's reaper remove whatever a run killed
/// mid-download left, and only folders named after that run's own namespaces.
/// </summary>
public static class NetnsEtcFolders
{
    public const string Root = "/etc/netns";

    /// <summary>The folder `ip netns exec` binds over /etc for <paramref name="namespaceName"/>.</summary>
    public static string FolderOf(string namespaceName) => Path.Combine(Root, namespaceName);

    /// <summary>
    /// Makes the folder of a namespace that exists; returns whether this call made it (false: it was there already).
    /// </summary>
    /// <exception cref="InvalidOperationException">The namespace is gone; no folder is left behind.</exception>
    public static bool CreateFor(string namespaceName)
    {
        var folder = FolderOf(namespaceName);
        if (Directory.Exists(folder))
        {
            return false;
        }

        Directory.CreateDirectory(folder);
        // A signal can tear the lab down while a folder is being made. Teardown (and the reaper) deletes the
        // namespaces first and the run's folders after, so a folder made after that sweep finds its namespace already
        // gone here: it is removed at once instead of outliving the run.
        if (!NetworkNamespace.Exists(namespaceName))
        {
            Delete(folder);
            throw new InvalidOperationException(
                $"Namespace {namespaceName} is gone (its lab was torn down meanwhile), so {folder} was not kept.");
        }

        return true;
    }

    /// <summary>Deletes the folders of the namespaces whose names start with <paramref name="namePrefix"/>; returns how many.</summary>
    public static int DeleteRun(string namePrefix)
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        return Directory.EnumerateDirectories(Root, $"{namePrefix}*").Count(Delete);
    }

    /// <summary>Deletes one folder and what it holds; false if it was gone already (or went meanwhile).</summary>
    public static bool Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
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
