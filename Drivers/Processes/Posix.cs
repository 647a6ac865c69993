using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Processes;

/// <summary>Process signals and thread scheduling (through <see cref="Libc"/>): plain syscalls on arm, arm64 and x64 glibc.</summary>
internal static partial class Posix
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;
    public const int SIGKILL = 9;

    /// <summary>Stops a process where it is (x64, arm, arm64 value); `timeout` sends SIGCONT after its own signal.</summary>
    public const int SIGSTOP = 19;

    /// <summary>What coreutils `timeout` takes as its own timer firing: the suite uses it to fire the timeout on its clock.</summary>
    public const int SIGALRM = 14;
    public const int ESRCH = 3;

    /// <summary>Sends <paramref name="signal"/>; true when delivered or the process is already gone.</summary>
    public static bool TrySignal(int pid, int signal) => Libc.Kill(pid, signal) == 0 || Marshal.GetLastPInvokeError() == ESRCH;

    private const int SCHED_FIFO = 1;

    /// <summary>
    /// Puts the calling thread under SCHED_FIFO at the lowest real-time priority, so a wake-up is not queued behind a
    /// loaded host's other work; false (and nothing changed) without the privilege (CAP_SYS_NICE) or where refused.
    /// </summary>
    public static bool TrySetRealtimeThread()
    {
        var priority = 1;
        return Libc.SchedSetscheduler(0, SCHED_FIFO, ref priority) == 0;
    }
}
