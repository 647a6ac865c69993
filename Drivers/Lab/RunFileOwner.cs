namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Owns this run's run file and run folder. Created first and removed last, so while anything of the run exists a
/// later run can see who owns it; a crash leaves the file, and the reaper finds the owner dead.
/// </summary>
internal sealed class RunFileOwner : IAsyncDisposable
{
    private readonly LabNames _names;

    private RunFileOwner(LabNames names) => _names = names;

    public static RunFileOwner Create(LabNames names)
    {
        Directory.CreateDirectory(names.RunDirectory);
        var owner = new RunFileOwner(names);
        File.WriteAllText(names.RunFile, RunRecord.ForCurrentProcess().Serialize());
        Directory.CreateDirectory(names.RunFolder);
        return owner;
    }

    public ValueTask DisposeAsync()
    {
        Remove(_names);
        return ValueTask.CompletedTask;
    }

    /// <summary>Deletes the run folder, then the run file (so an interrupted removal is retried by the reaper).</summary>
    public static void Remove(LabNames names)
    {
        if (Directory.Exists(names.RunFolder))
        {
            Directory.Delete(names.RunFolder, recursive: true);
        }

        File.Delete(names.RunFile);
    }

    public override string ToString() => $"run file {_names.RunFile}";
}
