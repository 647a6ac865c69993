using NetnsBdd.Drivers.Scheduling;

namespace NetnsBdd.Tests.Scheduling;

/// <summary>A kernel clock status given by the test: e.g. an unsynchronised one, on a host whose clock is synchronised.</summary>
public sealed class FixedClock(KernelClockStatus status) : IKernelClock
{
    public static readonly FixedClock Synchronised = new(new KernelClockStatus(0, false, 12_000));

    public static readonly FixedClock Unsynchronised = new(new KernelClockStatus(KernelClockStatus.TimeError, true, 16_000_000));

    public int Reads { get; private set; }

    public KernelClockStatus Read()
    {
        Reads++;
        return status;
    }
}
