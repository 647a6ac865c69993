namespace NetnsBdd.Drivers.Scheduling;

/// <summary>The seam in front of adjtimex(2), so tests can give the start check an unsynchronised clock.</summary>
public interface IKernelClock
{
    KernelClockStatus Read();
}
