namespace NetnsBdd.Drivers.Scheduling;

/// <summary>How sure of its clock a host must be before it starts at a wall-clock instant (Fleet settings).</summary>
/// <param name="MaxErrorMilliseconds">The largest kernel maximum-error bound accepted. 50 ms by default: two hosts each
/// within 50 ms of true time start within 100 ms of each other.</param>
/// <param name="AllowUnsynchronised">Skip the check: only for hosts that share one clock (runs on one machine).</param>
public sealed record ClockPolicy(double MaxErrorMilliseconds = ClockPolicy.DefaultMaxErrorMilliseconds, bool AllowUnsynchronised = false)
{
    public const double DefaultMaxErrorMilliseconds = 50;
}
