namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// wget's log (`-o FILE`), read as it grows. Progress dots written to a pipe cost a wake-up of the reader per dot,
/// which at 50 clients x 8 KiB dots took about half again the CPU of a bare `wget -q`; written to a tmpfs file they
/// cost wget one cheap write each and nobody a wake-up. wget writes every dot at once (no buffering), so a client
/// killed by the timeout leaves its count up to the kill in the file. The file is polled a few times a second for
/// progress points, read to its end after the process exits, and deleted (or, if the test host dies first, by the
/// lab's teardown or the next run's reaper: see RunScratch).
/// </summary>
internal sealed class WgetLog : IDisposable
{
    private readonly Action<string> _onLine;
    private readonly Lock _gate = new();
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly System.Text.StringBuilder _partial = new();
    private StreamReader? _reader;

    public WgetLog(string namespaceName, Action<string> onLine)
    {
        // In the lab's scratch folder under the run's name, so teardown and the reaper remove it whatever kills us.
        Path = System.IO.Path.Combine(Lab.RunScratch.FolderFor(namespaceName), $"wget-{namespaceName}-{Guid.NewGuid():N}.log");
        _onLine = onLine;
    }

    public string Path { get; }

    /// <summary>Feeds the complete lines written so far; with <paramref name="final"/>, also the unterminated rest.</summary>
    public void Drain(bool final = false)
    {
        lock (_gate)
        {
            if (_reader is null)
            {
                if (!File.Exists(Path))
                {
                    return;
                }

                _reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            }

            int read;
            while ((read = _reader.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    if (_buffer[i] is '\n' or '\r')
                    {
                        Flush();
                    }
                    else
                    {
                        _partial.Append(_buffer[i]);
                    }
                }
            }

            if (final)
            {
                Flush();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _reader?.Dispose();
            _reader = null;
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
                // Already gone, or the folder is: nothing of the run is left either way.
            }
        }
    }

    private void Flush()
    {
        if (_partial.Length > 0)
        {
            _onLine(_partial.ToString());
            _partial.Clear();
        }
    }
}
