using System.Runtime.InteropServices;
using System.Text;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// rounds.ndjson: one JSON line per finished round, appended and fsync'd as the round ends, so a power cut or a
/// SIGKILL loses at most the round in flight (and a line cut short by a crash is the last one, which a reader skips).
/// The folder is fsync'd once when the file is made, so the file's own name survives a power cut too.
/// </summary>
public sealed partial class RoundLog : IDisposable
{
    public const string FileName = "rounds.ndjson";

    private readonly FileStream _stream;

    public RoundLog(string folder)
    {
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, FileName);
        _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        SyncFolder(folder);
    }

    public string Path { get; }

    public void Append(SoakRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        _stream.Write(Encoding.UTF8.GetBytes(round.ToJsonLine() + "\n"));
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Every complete round in a rounds.ndjson (a last line a crash cut short is left out).</summary>
    public static IReadOnlyList<SoakRound> Read(string path)
    {
        var rounds = new List<SoakRound>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            try
            {
                rounds.Add(SoakRound.FromJson(line));
            }
            catch (System.Text.Json.JsonException) when (line == File.ReadLines(path).Last())
            {
                // The round being written when the process died.
            }
        }

        return rounds;
    }

    public void Dispose() => _stream.Dispose();

    private static void SyncFolder(string folder)
    {
        // O_RDONLY (0) opens a folder too; O_DIRECTORY's value differs between x64 and arm, so it is left out. A file
        // system that cannot sync a folder only loses this guarantee.
        var fd = Libc.Open(folder, 0);
        if (fd >= 0)
        {
            _ = Libc.Fsync(fd);
            _ = Libc.Close(fd);
        }
    }
}
