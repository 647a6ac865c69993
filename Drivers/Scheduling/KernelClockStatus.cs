using System.Globalization;

namespace NetnsBdd.Drivers.Scheduling;

/// <summary>
/// What the kernel says about its wall clock's discipline (adjtimex(2) read-only): whether an NTP daemon (chrony,
/// ntpd, systemd-timesyncd) has marked it synchronised, and its maximum error bound.
/// </summary>
/// <param name="State">adjtimex's return value: 0 TIME_OK ... 5 TIME_ERROR (the clock is not synchronised).</param>
/// <param name="Unsynchronised">The STA_UNSYNC status bit: set until an NTP daemon declares the clock synchronised.</param>
/// <param name="MaxErrorMicroseconds">timex.maxerror: the daemon's bound on the clock's error, growing by 500 ppm
/// between its updates; 16 s (the kernel's limit) when nobody disciplines the clock.</param>
public sealed record KernelClockStatus(int State, bool Unsynchronised, long MaxErrorMicroseconds)
{
    public const int TimeError = 5;

    /// <summary>TIME_ERROR or STA_UNSYNC: the kernel does not consider the clock synchronised.</summary>
    public bool IsSynchronised => State != TimeError && !Unsynchronised;

    public double MaxErrorMilliseconds => MaxErrorMicroseconds / 1000.0;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"kernel NTP status {(IsSynchronised ? "synchronised" : "unsynchronised")} (adjtimex state {State}{(State == TimeError ? " TIME_ERROR" : "")}, STA_UNSYNC {(Unsynchronised ? "set" : "clear")}, maximum error {MaxErrorMilliseconds:0.###} ms)");
}
