using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Processes;

/// <summary>
/// The test host's open-file limit (RLIMIT_NOFILE). A run holds several descriptors per client (wget: its log, three
/// pipes, a resolver socket; native: its socket, and the server its accepted one), so 500 clients need a few
/// thousand: the soft limit is raised to the hard limit before a run (no privilege needed for that).
/// </summary>
public static partial class FileLimit
{
    private const int RlimitNofile = 7;

    /// <summary>Raises the soft limit to the hard one; returns the soft limit now in force.</summary>
    public static long Raise()
    {
        var limit = new Rlimit();
        if (Libc.Getrlimit(RlimitNofile, ref limit) != 0)
        {
            return -1;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (Libc.Setrlimit(RlimitNofile, ref raised) == 0)
            {
                return (long)raised.Current;
            }
        }

        return (long)limit.Current;
    }

    /// <summary>struct rlimit: two rlim_t, which is unsigned long (32 bits on 32-bit arm, 64 on arm64/x64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal record struct Rlimit(nuint Current, nuint Maximum);
}
