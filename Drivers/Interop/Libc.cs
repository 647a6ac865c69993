using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Scheduling;

namespace NetnsBdd.Drivers.Interop;

/// <summary>
/// Every libc call the suite makes, in one place: what the .NET base library has no call for (namespaces, process
/// signals, socket and clock details). Each keeps libc's name as its entry point, so `man 2 NAME` tells what it does;
/// the callers own the meaning (and the structs the kernel fills).
/// </summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
    internal static partial int Adjtimex(ref KernelClock.Timex timex);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid", SetLastError = true)]
    internal static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int Getrlimit(int resource, ref FileLimit.Rlimit limit);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    internal static unsafe partial int Getsockopt(int fd, int level, int name, byte* value, ref int length);

    [LibraryImport("libc", EntryPoint = "gettid")]
    internal static partial int Gettid();

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, nuint request, out int value);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Rename(string oldpath, string newpath);

    /// <summary>pid 0: the calling thread; param: struct sched_param, whose only field is the int priority.</summary>
    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    internal static partial int SchedSetscheduler(int pid, int policy, ref int param);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    internal static partial int Setns(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    internal static partial int Setrlimit(int resource, ref FileLimit.Rlimit limit);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, byte[] buffer);
}
