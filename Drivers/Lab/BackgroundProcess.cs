using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Owns a long-running process (dnsmasq): disposing cancels it, which sends SIGTERM and after the grace period SIGKILL
/// (see <see cref="CommandRunner"/>). `ip netns exec` execs the tool, so the signal reaches the tool itself.
/// </summary>
internal sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private BackgroundProcess(CommandRunner runner, Command command)
    {
        Command = command;
        Completion = Task.Run(() => runner.RunAsync(command, _stop.Token));
    }

    public Command Command { get; }

    /// <summary>Completes when the process exits (by itself, or cancelled: then it faults with OperationCanceledException).</summary>
    public Task<CommandResult> Completion { get; }

    public static BackgroundProcess Start(CommandRunner runner, Command command) => new(runner, command);

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The expected end of a process stopped on purpose.
        }

        _stop.Dispose();
    }

    public override string ToString() => $"process `{Command}`";
}
