namespace NetnsBdd.Drivers.Processes;

/// <summary>A command exited non-zero. The message carries the command line, the exit code and standard error.</summary>
public sealed class CommandFailedException(CommandResult result) : Exception(Describe(result))
{
    public CommandResult Result { get; } = result;

    private static string Describe(CommandResult result)
    {
        var stderr = result.StandardError.Trim();
        var stdout = result.StandardOutput.Trim();
        return $"Command failed with exit code {result.ExitCode} after {result.Duration.TotalSeconds:0.###} s: " +
               $"{result.Command}{System.Environment.NewLine}" +
               $"stderr: {(stderr.Length == 0 ? "(empty)" : stderr)}" +
               (stdout.Length == 0 ? "" : $"{System.Environment.NewLine}stdout: {stdout}");
    }
}
