namespace NetnsBdd.Drivers.Health;

/// <summary>
/// The only way the health sampler touches the host's file system, so that recorded
/// Raspberry Pi files can stand in for <c>/proc</c> and <c>/sys</c> in unit tests.
/// Paths are always absolute host paths such as <c>/proc/stat</c>.
/// </summary>
public interface IHostFiles
{
    string ReadAllText(string path);

    bool Exists(string path);

    /// <summary>Directories directly under <paramref name="path"/> whose name matches <paramref name="searchPattern"/>, as absolute host paths.</summary>
    IEnumerable<string> EnumerateDirectories(string path, string searchPattern);
}
