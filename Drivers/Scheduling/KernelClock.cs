using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Scheduling;

/// <summary>
/// Reads the kernel's clock discipline with Libc.Adjtimex(2) and modes = 0 (read only; needs no privilege). The struct is
/// declared with <see cref="nint"/> for C's <c>long</c>, so the same layout holds on x64, arm64 and 32-bit arm glibc.
/// </summary>
public sealed partial class KernelClock : IKernelClock
{
    private const int StaUnsync = 0x0040;

    public KernelClockStatus Read()
    {
        var timex = default(Timex);
        var state = Libc.Adjtimex(ref timex);
        if (state < 0)
        {
            throw new InvalidOperationException($"adjtimex failed (errno {Marshal.GetLastPInvokeError()}): the kernel's clock status cannot be read.");
        }

        return new KernelClockStatus(state, (timex.Status & StaUnsync) != 0, timex.MaxError);
    }

    /// <summary>struct timex (linux/timex.h); only the leading fields are read, the padding keeps the kernel's size.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct Timex
    {
        public uint Modes;
        public nint Offset;
        public nint Frequency;
        public nint MaxError;
        public nint EstError;
        public int Status;
        public nint Constant;
        public nint Precision;
        public nint Tolerance;
        public nint TimeSeconds;
        public nint TimeMicroseconds;
        public nint Tick;
        public nint PpsFrequency;
        public nint Jitter;
        public int Shift;
        public nint Stability;
        public nint JitterCount;
        public nint CalibrationCount;
        public nint ErrorCount;
        public nint StabilityCount;
        public int Tai;
        public fixed int Reserved[11];
    }
}
