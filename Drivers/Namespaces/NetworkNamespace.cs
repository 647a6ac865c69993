using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Namespaces;

/// <summary>
/// Runs code inside a named network namespace without a child process: on a dedicated thread (never a pool thread,
/// whose namespace other work would inherit), setns into the namespace, run, setns back. Sockets created inside stay
/// in that namespace after the thread returns, which is how a listener is placed in the server namespace. Needs root.
/// </summary>
public static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Where `ip netns add` puts named namespaces.</summary>
    public const string NamesDirectory = "/run/netns";

    /// <summary>Whether a named namespace exists (its file under <paramref name="netnsDirectory"/>).</summary>
    public static bool Exists(string name, string netnsDirectory = NamesDirectory) => File.Exists(Path.Combine(netnsDirectory, name));

    /// <summary>The calling thread's own network namespace, to return to.</summary>
    internal const string ThreadSelfPath = "/proc/thread-self/ns/net";

    public static Task<T> RunInsideAsync<T>(string name, Func<T> action, string netnsDirectory = NamesDirectory)
    {
        LinkName.Validate(name, "namespace name");
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(RunInside(Path.Combine(netnsDirectory, name), action));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        return done.Task;
    }

    private static T RunInside<T>(string path, Func<T> action)
    {
        using var home = File.OpenHandle(ThreadSelfPath);
        using var target = File.OpenHandle(path);
        Enter(target.DangerousGetHandle(), path);
        try
        {
            return action();
        }
        finally
        {
            // Failing to return would leave this thread in the lab; it is dedicated and ends here, so nothing else runs on it.
            Enter(home.DangerousGetHandle(), ThreadSelfPath);
        }
    }

    /// <summary>setns of the calling thread; only ever call it on a dedicated thread.</summary>
    internal static void Enter(nint fd, string what)
    {
        if (Libc.Setns((int)fd, CloneNewNet) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"setns into {what} failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}); " +
                "entering a network namespace needs root (CAP_SYS_ADMIN).");
        }
    }
}
