namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// A folder one run owns, named after its run id (<c>/dev/shm/nbdd&lt;id&gt;</c>, or <c>$TMPDIR/nbdd&lt;id&gt;</c> where there
/// is no /dev/shm), with an <see cref="OwnerFile"/> inside that records the owning process. Every file the suite or
/// its tests make outside the results folder goes in one: a lab's (wget logs, the lab server's CA) is removed with the
/// lab's teardown; the test host's own (<see cref="ForProcess"/>: loopback servers' CAs, tests' temp folders) when
/// the process exits. A process killed with SIGKILL leaves its folders, and the next run's <see cref="ReapDead"/>
/// (called by the lab's <see cref="Reaper"/> and when a process makes its own scratch) removes every folder whose
/// owner is gone — and nothing else.
/// </summary>
public sealed class RunScratch : IAsyncDisposable, IDisposable
{
    /// <summary>Inside every scratch folder: the owner's <see cref="RunRecord"/> (pid and start time).</summary>
    public const string OwnerFile = "owner";

    // A folder without an owner file is one being created, or one whose creator died in the microseconds between
    // making it and writing the record; after this long it cannot be the former.
    private static readonly TimeSpan OwnerlessGrace = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan LegacyAge = TimeSpan.FromHours(24);

    // The one run-wide scratch of this process, made on first use and removed at exit (see ForProcess).
    private static readonly Lazy<RunScratch> Process = new(CreateForProcess, LazyThreadSafetyMode.ExecutionAndPublication);

    private RunScratch(RunId runId, string path)
    {
        RunId = runId;
        Path = path;
    }

    /// <summary>Memory-backed where there is /dev/shm (wget writes a progress dot per 8 KiB to its log there).</summary>
    public static string Root { get; } = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();

    /// <summary>
    /// The test host's (or lab child's) own scratch, for files that belong to no lab. Made on first use, after reaping
    /// dead processes' folders; removed on exit (<see cref="AppDomain.ProcessExit"/>, and by <see cref="LabShutdown"/>
    /// on SIGINT/SIGTERM/SIGQUIT).
    /// </summary>
    public static RunScratch ForProcess => Process.Value;

    public RunId RunId { get; }

    /// <summary>The folder, e.g. <c>/dev/shm/nbddk3x9a2</c>.</summary>
    public string Path { get; }

    /// <summary>Where the scratch folder of the run with names starting <paramref name="namePrefix"/> lives.</summary>
    public static string PathOf(string namePrefix) => System.IO.Path.Combine(Root, namePrefix);

    /// <summary>Makes the folder of <paramref name="runId"/> and records this process as its owner.</summary>
    public static RunScratch Create(RunId runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var path = PathOf(runId.NamePrefix);
        if (Directory.Exists(path))
        {
            // Not ours: adopting it would delete another run's files at our teardown.
            throw new LabSetupException(
                $"Scratch folder {path} already exists, so run id {runId} is in use. Start the lab without a fixed run " +
                $"id, or remove the stale folder with `rm -r {path}`.");
        }

        Directory.CreateDirectory(path);
        var scratch = new RunScratch(runId, path);
        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), RunRecord.ForCurrentProcess().Serialize());
        return scratch;
    }

    /// <summary>A fresh file name in this folder for <paramref name="kind"/> of <paramref name="name"/> (not created).</summary>
    public string NewFile(string kind, string name, string extension = ".log") =>
        System.IO.Path.Combine(Path, $"{kind}-{name}-{Guid.NewGuid():N}{extension}");

    /// <summary>Makes a fresh sub-folder for <paramref name="kind"/>, e.g. a test's temp folder or a CA.</summary>
    public string NewFolder(string kind) =>
        Directory.CreateDirectory(System.IO.Path.Combine(Path, $"{kind}-{Guid.NewGuid():N}"[..(kind.Length + 13)])).FullName;

    /// <summary>
    /// The scratch folder a file of the client in <paramref name="namespaceName"/> belongs in: its lab's, when the name
    /// is a lab's (nbdd + run id + …) and that lab made one; otherwise this process's own.
    /// </summary>
    public static string FolderFor(string namespaceName)
    {
        var id = LabNames.RunIdOf(namespaceName);
        var lab = id is not null && RunId.IsValid(id) ? PathOf(RunId.Prefix + id) : null;
        return lab is not null && File.Exists(System.IO.Path.Combine(lab, OwnerFile)) ? lab : ForProcess.Path;
    }

    /// <summary>
    /// Makes the folder <paramref name="name"/> inside <paramref name="scratchFolder"/> (a scratch folder or a folder in
    /// one), which must still exist: a server starting while a signal tears its lab down must not bring the lab's folder back after the
    /// teardown removed it (Directory.CreateDirectory would re-create the parent).
    /// </summary>
    public static string CreateFolderInside(string scratchFolder, string name)
    {
        if (!Directory.Exists(scratchFolder))
        {
            throw new InvalidOperationException(
                $"Scratch folder {scratchFolder} is gone: its lab was torn down (a signal, or the scenario ended) before {name} was made in it.");
        }

        return Directory.CreateDirectory(System.IO.Path.Combine(scratchFolder, name)).FullName;
    }

    /// <summary>Deletes the scratch folder of the run named <paramref name="namePrefix"/>; true if there was one.</summary>
    public static bool Delete(string namePrefix)
    {
        var path = PathOf(namePrefix);
        if (!Directory.Exists(path))
        {
            return false;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Gone meanwhile: the goal is reached.
        }

        return true;
    }

    /// <summary>
    /// Removes every scratch folder (nbdd + run id, in <see cref="Root"/> and the temp folder) whose owner process is
    /// dead, and ownerless ones older than a few minutes; a live process's folder is never touched. Returns the
    /// folders removed.
    /// </summary>
    public static IReadOnlyList<string> ReapDead(Action<string>? warn = null)
    {
        var removed = new List<string>();
        foreach (var root in new[] { Root, System.IO.Path.GetTempPath() }.Select(r => r.TrimEnd('/')).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var folder in Directory.GetDirectories(root, RunId.Prefix + "*"))
            {
                var name = System.IO.Path.GetFileName(folder);
                if (name.Length != RunId.Prefix.Length + RunId.Length || !RunId.IsValid(LabNames.RunIdOf(name)) || !IsDead(folder))
                {
                    continue;
                }

                try
                {
                    Directory.Delete(folder, recursive: true);
                    removed.Add(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    warn?.Invoke($"could not remove dead run's scratch folder {folder}: {e.Message}");
                }
            }
        }

        removed.AddRange(ReapLegacyCaFolders(warn));
        if (removed.Count > 0)
        {
            warn?.Invoke($"reaped {removed.Count} scratch folder(s) of dead runs: {string.Join(' ', removed)}");
        }

        return removed;
    }

    /// <summary>
    /// Earlier versions wrote each lab's CA to <c>$TMPDIR/nbdd-server-*/ca.pem</c> and a killed run left it there.
    /// Such a folder holds nothing but ca.pem; once older than <see cref="LegacyAge"/> (the CA's default validity
    /// is 12 h, so no run can still use it) it is removed.
    /// </summary>
    internal static IEnumerable<string> ReapLegacyCaFolders(Action<string>? warn, string? folder = null)
    {
        var temp = folder ?? System.IO.Path.GetTempPath();
        if (!Directory.Exists(temp))
        {
            yield break;
        }

        foreach (var legacy in Directory.GetDirectories(temp, RunId.Prefix + "-server-*"))
        {
            var removed = false;
            try
            {
                if (Directory.GetFileSystemEntries(legacy).Select(System.IO.Path.GetFileName).SequenceEqual(["ca.pem"]) &&
                    DateTime.UtcNow - Directory.GetLastWriteTimeUtc(legacy) > LegacyAge)
                {
                    Directory.Delete(legacy, recursive: true);
                    removed = true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warn?.Invoke($"could not remove an old CA folder {legacy}: {e.Message}");
            }

            if (removed)
            {
                yield return legacy;
            }
        }
    }

    /// <summary>Removes this process's own scratch, if it made one. Idempotent; for exit paths.</summary>
    internal static void DeleteProcessScratch()
    {
        if (Process.IsValueCreated)
        {
            Process.Value.Dispose();
        }
    }

    public void Dispose() => Delete(RunId.NamePrefix);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"scratch folder {Path}";

    private static bool IsDead(string folder)
    {
        var owner = System.IO.Path.Combine(folder, OwnerFile);
        try
        {
            return RunRecord.Parse(File.ReadAllText(owner)) is { } record
                ? !record.IsOwnerAlive()
                : DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > OwnerlessGrace;
        }
        catch (FileNotFoundException)
        {
            return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > OwnerlessGrace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static RunScratch CreateForProcess()
    {
        ReapDead(message => Console.Error.WriteLine("[scratch] " + message));
        RunScratch? scratch = null;
        for (var attempt = 0; scratch is null; attempt++)
        {
            try
            {
                scratch = Create(RunId.New());
            }
            catch (LabSetupException) when (attempt < 5)
            {
                // A six-character id collided with a live folder: draw another.
            }
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => scratch.Dispose();
        return scratch;
    }
}
