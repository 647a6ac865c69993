using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// Libc.Rename(2) as it is: File.Move follows a symlink to a directory and refuses it, and Directory.Move refuses an
/// existing target, so neither can swap one link for another in a single step.
/// </summary>
internal static partial class AtomicRename
{
    public static void Replace(string source, string destination)
    {
        if (Libc.Rename(source, destination) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"rename '{source}' → '{destination}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }
}
