using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Namespaces;

/// <summary>
/// The one way the suite runs a program inside a network namespace: `ip netns exec NS PROGRAM ARGS...` as root
/// (through `sudo -n` when not root), as an argument list, keeping every option of the command (its timeout, grace
/// period, output limits and callbacks, <see cref="Command.OnStarted"/>).
/// </summary>
public static class NamespaceCommand
{
    public static Command Inside(string networkNamespace, Command command) =>
        Inside(networkNamespace, command, Privileges.IsRoot);

    /// <param name="isRoot">Whether this process is root (a seam: the lab's tests swap it).</param>
    public static Command Inside(string networkNamespace, Command command, bool isRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(networkNamespace);
        ArgumentNullException.ThrowIfNull(command);
        var inside = command.WithPrefix("ip", "netns", "exec", networkNamespace);
        return isRoot ? inside : inside.WithPrefix("sudo", "-n");
    }
}
