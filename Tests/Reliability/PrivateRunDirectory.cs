using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// A run directory of the test's own (/run/nbddrel...), so its reaper sees only the run files of the children this
/// test started: other runs on the machine, live or dead, are never judged or reaped here.
/// </summary>
internal sealed class PrivateRunDirectory : IDisposable
{
    public PrivateRunDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = $"/run/{RunId.Prefix}rel{RunId.New().Value}";

    public void Dispose()
    {
        // Only when empty: anything still in it is a leftover the test has reported, kept for a person to see.
        if (Directory.Exists(Path) && !Directory.EnumerateFileSystemEntries(Path).Any())
        {
            Directory.Delete(Path);
        }
    }
}
