namespace NetnsBdd.Drivers.Processes;

/// <summary>What one finished process did. Output is bounded (see <see cref="Command.MaxOutputChars"/>).</summary>
public sealed record CommandResult(
    Command Command,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    DateTimeOffset StartTime,
    TimeSpan Duration,
    int ProcessId)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws <see cref="CommandFailedException"/> unless the exit code was 0.</summary>
    public CommandResult EnsureSuccess() => Succeeded ? this : throw new CommandFailedException(this);
}
