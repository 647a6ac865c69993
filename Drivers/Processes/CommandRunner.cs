using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace NetnsBdd.Drivers.Processes;

/// <summary>
/// Runs <see cref="Command"/>s as child processes with an argument list (no shell), bounded output capture, and
/// cancellation that is graceful first (SIGTERM, so tools like `timeout` and `wget` can clean up) and forceful after
/// the grace period (SIGKILL to the whole tree). Modelled on CliWrap, which cannot be restored here.
/// </summary>
public sealed class CommandRunner
{
    /// <summary>Runs to completion and returns the result whatever the exit code.</summary>
    public async Task<CommandResult> RunAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var startInfo = new ProcessStartInfo(command.Program)
        {
            RedirectStandardInput = command.StandardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var stdout = new BoundedText(command.MaxOutputChars);
        var stderr = new BoundedText(command.MaxOutputChars);
        var startTime = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ToolMissingException(command.Program, e);
        }

        var pid = process.Id;
        command.OnStarted?.Invoke(pid);
        var readOut = PumpAsync(process.StandardOutput, stdout, command.OnOutputLine);
        var readErr = PumpAsync(process.StandardError, stderr, command.OnErrorLine);
        if (command.StandardInput is not null)
        {
            await WriteInputAsync(process, command.StandardInput).ConfigureAwait(false);
        }

        using var guard = command.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, guard.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process, command.GracePeriod).ConfigureAwait(false);
            await DrainAsync(readOut, readErr).ConfigureAwait(false);
            if (guard.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new CommandTimeoutException(command, command.Timeout!.Value, stderr.ToString());
            }

            throw;
        }

        await DrainAsync(readOut, readErr).ConfigureAwait(false);
        clock.Stop();
        return new CommandResult(command, process.ExitCode, stdout.ToString(), stderr.ToString(), startTime, clock.Elapsed, pid);
    }

    /// <summary>Runs to completion and throws <see cref="CommandFailedException"/> on a non-zero exit.</summary>
    public async Task<CommandResult> ExecuteAsync(Command command, CancellationToken cancellationToken = default) =>
        (await RunAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>
    /// Exit is observed before the pipes drain, so the readers are awaited; but a grandchild that outlives the process
    /// (a daemon, a backgrounded sleep) holds the pipes open, and must not hang the suite: its output is abandoned.
    /// </summary>
    private static async Task DrainAsync(Task readOut, Task readErr)
    {
        var both = Task.WhenAll(readOut, readErr);
        await Task.WhenAny(both, Task.Delay(DrainLimit)).ConfigureAwait(false);
    }

    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private static async Task WriteInputAsync(Process process, string input)
    {
        try
        {
            await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            await process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The process exited without reading all of its input; its exit code and stderr say why.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Same as above: a closed pipe is not this method's failure to report.
            }
        }
    }

    private static async Task PumpAsync(StreamReader reader, BoundedText sink, Action<string>? onLine)
    {
        var buffer = new char[8192];
        var line = onLine is null ? null : new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            sink.Append(buffer.AsSpan(0, read));
            if (line is null)
            {
                continue;
            }

            for (var i = 0; i < read; i++)
            {
                if (buffer[i] is '\n' or '\r')
                {
                    if (line.Length > 0)
                    {
                        onLine!(line.ToString());
                        line.Clear();
                    }
                }
                else
                {
                    line.Append(buffer[i]);
                }
            }
        }

        if (line is { Length: > 0 })
        {
            onLine!(line.ToString());
        }
    }

    private static async Task StopAsync(Process process, TimeSpan gracePeriod)
    {
        if (process.HasExited)
        {
            return;
        }

        Posix.TrySignal(process.Id, Posix.SIGTERM);
        using var grace = new CancellationTokenSource(gracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
