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

    private const int SCHED_FIFO = 1;

    /// <summary>
    /// Puts the calling thread under SCHED_FIFO at the lowest real-time priority, so a wake-up is not queued behind a
    /// loaded host's other work; false (and nothing changed) without the privilege (CAP_SYS_NICE) or where refused.
    /// </summary>
    public static bool TrySetRealtimeThread()
    {
        var priority = 1;
        return sched_setscheduler(0, SCHED_FIFO, ref priority) == 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    /// <summary>pid 0: the calling thread; param: struct sched_param, whose only field is the int priority.</summary>
    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);
}
