using System.Diagnostics;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// A running <see cref="LabChild"/>: its markers as they arrive, the run id it announced, and a mark in its
/// environment that every process it starts inherits (ip, wget, timeout), so the test finds its descendants even
/// after they were orphaned, and only those.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const string MarkVariable = "NBDD_RELIABILITY_MARK";

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(string Marker, TaskCompletionSource Seen)> _waits = [];

    private ChildProcess(Process process, string mark, string runDirectory)
    {
        _process = process;
        Mark = mark;
        RunDirectory = runDirectory;
    }

    public string Mark { get; }

    public string RunDirectory { get; }

    public int ProcessId => _process.Id;

    /// <summary>The run id the child announced; null when it was killed before printing it.</summary>
    public string? RunId => Line(ChildMarker.RunId)?[(ChildMarker.RunId.Length + 1)..];

    /// <summary>The last phase the child announced: start-up (none yet), setup, download, teardown or done.</summary>
    public string Phase
    {
        get
        {
            lock (_lines)
            {
                var last = _lines.LastOrDefault(l => l.StartsWith("NBDD-CHILD phase", StringComparison.Ordinal) || l == ChildMarker.Done);
                return last is null ? "start-up" : last == ChildMarker.Done ? "done" : last.Split(' ')[2];
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>The lab's scratch folder the child announced once its server was up; null before that.</summary>
    public string? ScratchFolder => Line(ChildMarker.Scratch)?[(ChildMarker.Scratch.Length + 1)..];

    public static ChildProcess Start(string runDirectory, int clients, long fileBytes, double downstreamMbps, bool https = false) =>
        StartVerb(runDirectory, [LabChild.Verb, $"{clients}", $"{fileBytes}", $"{downstreamMbps}", .. https ? [LabChild.Https] : Array.Empty<string>()]);

    /// <summary>Starts the test assembly with <paramref name="arguments"/> (a verb of <see cref="Program"/> and its arguments).</summary>
    public static ChildProcess StartVerb(string runDirectory, IReadOnlyList<string> arguments)
    {
        var mark = Guid.NewGuid().ToString("N");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in (string[])[typeof(LabChild).Assembly.Location, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NBDD_Lab__RunDirectory"] = runDirectory;
        start.Environment[MarkVariable] = mark;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process, mark, runDirectory);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data is null ? null : "stderr: " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Completes when the child prints <paramref name="marker"/>; throws if it exits first.</summary>
    public async Task WaitForAsync(string marker, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Any(l => l.StartsWith(marker, StringComparison.Ordinal)))
            {
                return;
            }

            _waits.Add((marker, seen));
        }

        var exited = _process.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(seen.Task, exited) != seen.Task)
        {
            await exited;
            throw new InvalidOperationException($"The child exited ({_process.ExitCode}) before '{marker}':\n{Output}");
        }
    }

    /// <summary>Signals the child if it is still running; an exited child's pid may already belong to another process.</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            Posix.TrySignal(_process.Id, signal);
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Processes still carrying this child's mark (its descendants, orphaned or not), as "pid comm cmdline".</summary>
    public IReadOnlyList<string> MarkedProcesses()
    {
        var needle = $"{MarkVariable}={Mark}";
        var found = new List<string>();
        foreach (var folder in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out _))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(folder, "environ"));
                if (environment.Split('\0').Contains(needle, StringComparer.Ordinal))
                {
                    var comm = File.ReadAllText(Path.Combine(folder, "comm")).Trim();
                    var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ').Trim();
                    found.Add($"{Path.GetFileName(folder)} {comm}: {commandLine}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone between listing and reading: not a leftover.
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>Every line the child printed that starts with <paramref name="marker"/>, without the marker.</summary>
    public IReadOnlyList<string> Lines(string marker)
    {
        lock (_lines)
        {
            return [.. _lines.Where(l => l.StartsWith(marker + " ", StringComparison.Ordinal)).Select(l => l[(marker.Length + 1)..])];
        }
    }

    private string? Line(string marker)
    {
        lock (_lines)
        {
            return _lines.FirstOrDefault(l => l.StartsWith(marker, StringComparison.Ordinal));
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            foreach (var wait in _waits.Where(w => line.StartsWith(w.Marker, StringComparison.Ordinal)).ToArray())
            {
                wait.Seen.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }
}
