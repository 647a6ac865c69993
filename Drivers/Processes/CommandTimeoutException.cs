namespace NetnsBdd.Drivers.Processes;

/// <summary>A command outlived its <see cref="Command.Timeout"/> guard and was killed.</summary>
public sealed class CommandTimeoutException(Command command, TimeSpan timeout, string standardError)
    : TimeoutException(
        $"Command did not finish within {timeout.TotalSeconds:0.###} s and was killed: {command}" +
        (standardError.Trim().Length == 0 ? "" : $"{System.Environment.NewLine}stderr: {standardError.Trim()}"))
{
    public Command Command { get; } = command;
}
