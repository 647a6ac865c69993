using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Processes;

/// <summary>Whether the test host runs as root, and a clear error when the lab needs root and cannot get it.</summary>
public static partial class Privileges
{
    public static bool IsRoot => Libc.Geteuid() == 0;
}
