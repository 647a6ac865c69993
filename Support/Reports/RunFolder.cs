using System.Globalization;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// One folder per test run, <c>{OutputDirectory}/2026-11-24T01-50-00Z/</c>, with <c>latest</c> beside it pointing at
/// the newest run, and one numbered subfolder per scenario inside it.
/// </summary>
public sealed class RunFolder
{
    public const string LatestLinkName = "latest";

    /// <summary>Written instead of the link where the file system has no symlinks (e.g. a FAT-formatted USB stick).</summary>
    public const string LatestFileName = "LATEST";

    private int _scenarioCount;

    private RunFolder(string outputDirectory, string path)
    {
        OutputDirectory = outputDirectory;
        Path = path;
    }

    /// <summary>Absolute path of the configured output directory.</summary>
    public string OutputDirectory { get; }

    /// <summary>Absolute path of this run's folder: what the hooks print at the start and the end of the run.</summary>
    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The stable path that always reaches the newest run (the symlink, or the LATEST file naming it).</summary>
    public string LatestPath { get; private set; } = string.Empty;

    /// <summary>Creates the run's folder under <paramref name="outputDirectory"/> and points <c>latest</c> at it.</summary>
    /// <param name="host">The host's identity (Fleet:Host), appended to the name (<c>2026-11-24T01-50-00Z-pi-01</c>) so
    /// run folders of several hosts can sit side by side; it must already be validated.</param>
    public static RunFolder Create(string outputDirectory, DateTimeOffset startedAt, string? host = null)
    {
        var root = System.IO.Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(root);
        var stamp = startedAt.UtcDateTime.ToString("yyyy-MM-ddTHH-mm-ss'Z'", CultureInfo.InvariantCulture) + (host is null ? "" : "-" + host);
        var path = System.IO.Path.Combine(root, stamp);
        // Two runs started within the same second (e.g. a retry) must not write into one folder.
        for (var n = 2; !TryCreateNew(path); n++)
        {
            path = System.IO.Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"{stamp}-{n}"));
        }

        var folder = new RunFolder(root, path);
        folder.PointLatestHere();
        return folder;
    }

    /// <summary>Creates the next scenario's folder, e.g. <c>003-eight-clients-share-the-link</c>. Thread-safe.</summary>
    public string CreateScenarioFolder(string scenarioTitle)
    {
        var index = Interlocked.Increment(ref _scenarioCount);
        var path = System.IO.Path.Combine(Path, ScenarioFolderName.For(index, scenarioTitle));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>One line for the hooks to print at the start and the end of the run.</summary>
    public string Announcement => $"Results: {Path} (the newest run is also at {LatestPath})";

    public override string ToString() => Path;

    private static bool TryCreateNew(string path)
    {
        if (Directory.Exists(path) || File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(path);
        return true;
    }

    private void PointLatestHere()
    {
        var link = System.IO.Path.Combine(OutputDirectory, LatestLinkName);
        var staging = System.IO.Path.Combine(OutputDirectory, $".{LatestLinkName}.{Environment.ProcessId}");
        try
        {
            File.Delete(staging);
            // Relative, so the results folder can be copied or mounted elsewhere with its link intact.
            File.CreateSymbolicLink(staging, Name);
            // One step, so a reader (or a second run) never sees "latest" missing.
            AtomicRename.Replace(staging, link);
            LatestPath = link;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(staging);
            var file = System.IO.Path.Combine(OutputDirectory, LatestFileName);
            File.WriteAllText(file, Name + "\n");
            LatestPath = file;
        }
    }
}
