using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Namespaces;

/// <summary>
/// Finds processes by the identity of their network namespace ("net:[inode]", as /proc/PID/ns/net reads), which
/// outlives the namespace's name: a process that entered a namespace while `ip netns del` removed its name keeps the
/// namespace alive, nameless, and `ip netns pids` can no longer find it. Needs root to read other processes' links.
/// </summary>
internal static partial class NamespaceMembers
{
    private const int AtFdCwd = -100;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;
    private const int StatxInoOffset = 32;

    /// <summary>The identity of a named namespace, or null if it is gone or cannot be read.</summary>
    /// <remarks>
    /// The name is a bind mount of the namespace's nsfs inode, so its inode number is the namespace's; a link to an
    /// open handle of it reads as the path, not as "net:[inode]", hence statx (its struct is the same on every
    /// architecture, arm and arm64 included).
    /// </remarks>
    public static string? IdentityOf(string name, string netnsDirectory = NetworkNamespace.NamesDirectory)
    {
        var buffer = new byte[StatxSize];
        return Libc.Statx(AtFdCwd, Path.Combine(netnsDirectory, name), 0, StatxIno, buffer) == 0
            ? $"net:[{BitConverter.ToUInt64(buffer, StatxInoOffset)}]"
            : null;
    }

    /// <summary>Whether process <paramref name="pid"/> exists and its network namespace is one of <paramref name="identities"/>.</summary>
    public static bool IsIn(int pid, IReadOnlySet<string> identities, string proc = "/proc")
    {
        try
        {
            return new FileInfo(Path.Combine(proc, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "ns", "net")).LinkTarget
                is { } identity && identities.Contains(identity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Exited meanwhile, or not ours to read: either way not a process this lab can stop.
            return false;
        }
    }

    /// <summary>Every process (but this one) whose network namespace is one of <paramref name="identities"/>.</summary>
    public static int[] Find(IReadOnlySet<string> identities, string proc = "/proc")
    {
        if (identities.Count == 0)
        {
            return [];
        }

        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories(proc))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            if (IsIn(pid, identities, proc))
            {
                found.Add(pid);
            }
        }

        return [.. found];
    }
}
