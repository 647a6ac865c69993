using System.Runtime.InteropServices;

namespace NetnsBdd.Drivers.Processes;

/// <summary>The few libc calls .NET does not expose; all are plain syscalls present on arm, arm64 and x64 glibc.</summary>
internal static partial class Posix
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;
    public const int SIGKILL = 9;

    /// <summary>What coreutils `timeout` takes as its own timer firing: the suite uses it to fire the timeout on its clock.</summary>
    public const int SIGALRM = 14;
    public const int ESRCH = 3;

    /// <summary>Sends <paramref name="signal"/>; true when delivered or the process is already gone.</summary>
    public static bool TrySignal(int pid, int signal) => kill(pid, signal) == 0 || Marshal.GetLastPInvokeError() == ESRCH;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
