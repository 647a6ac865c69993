using System.Runtime.InteropServices;

namespace NetnsBdd.Drivers.Processes;

/// <summary>Whether the test host runs as root, and a clear error when the lab needs root and cannot get it.</summary>
public static partial class Privileges
{
    public static bool IsRoot => geteuid() == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial uint geteuid();
}
