using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// What the lab needs from the machine, as seams: tests swap the tool locator, the root check and the sudo probe to
/// show the lab's errors without uninstalling tools or dropping privileges.
/// </summary>
public sealed record LabHost
{
    public CommandRunner Runner { get; init; } = new();

    /// <summary>Full path of a tool, or null when it is not installed.</summary>
    public Func<string, string?> LocateTool { get; init; } = ToolCatalog.Locate;

    public Func<bool> IsRoot { get; init; } = () => Privileges.IsRoot;

    /// <summary>Whether `sudo -n` may run commands without a password (asked only when not root).</summary>
    public Func<CancellationToken, Task<bool>> CanSudo { get; init; } = ProbeSudoAsync;

    /// <summary>Receives warnings (stragglers, foreign-looking leftovers); the lab never throws for those.</summary>
    public Action<string> Warn { get; init; } = message => Console.Error.WriteLine($"[lab] warning: {message}");

    /// <summary>Where `ip netns` keeps its namespace files.</summary>
    public string NetnsDirectory { get; init; } = NetworkNamespace.NamesDirectory;

    /// <summary>The command as root: unchanged when root, else through `sudo -n` (which never prompts).</summary>
    public Command Root(Command command) => IsRoot() ? command : command.WithPrefix("sudo", "-n");

    public Task<CommandResult> RunAsync(Command command, CancellationToken cancellationToken) =>
        Runner.RunAsync(Root(command), cancellationToken);

    public Task<CommandResult> ExecuteAsync(Command command, CancellationToken cancellationToken) =>
        Runner.ExecuteAsync(Root(command), cancellationToken);

    /// <summary>Runs <paramref name="command"/> inside namespace <paramref name="ns"/> (`ip netns exec`, as root).</summary>
    public Command InNamespace(string ns, Command command) => NamespaceCommand.Inside(ns, command, IsRoot());

    public bool NamespaceExists(string ns) => NetworkNamespace.Exists(ns, NetnsDirectory);

    /// <summary>Sends a signal directly when root; through `sudo -n kill` otherwise (the processes belong to root).</summary>
    public async Task SignalAsync(IReadOnlyCollection<int> pids, int signal, CancellationToken cancellationToken)
    {
        if (pids.Count == 0)
        {
            return;
        }

        if (IsRoot())
        {
            foreach (var pid in pids)
            {
                Posix.TrySignal(pid, signal);
            }

            return;
        }

        await RunAsync(new Command("kill", ["-s", signal == Posix.SIGKILL ? "KILL" : "TERM", .. pids.Select(p => p.ToString())]),
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ProbeSudoAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await new CommandRunner().RunAsync(
                new Command("sudo", "-n", "true") { Timeout = TimeSpan.FromSeconds(10) }, cancellationToken).ConfigureAwait(false);
            return result.Succeeded;
        }
        catch (ToolMissingException)
        {
            return false;
        }
    }
}
