using System.Globalization;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// A fault as it happened: when the command that caused it had taken effect (<see cref="BeganSeconds"/>, seconds
/// into the soak) and when the one that ended it had; <see cref="Error"/> when either failed.
/// </summary>
public sealed record FaultEvent(LabFault Fault, double BeganSeconds, double? EndedSeconds, string? Error)
{
    /// <summary>How long the fault lasted; until the end of the soak when it was never ended.</summary>
    public double SecondsOr(double soakEnd) => (EndedSeconds ?? soakEnd) - BeganSeconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Fault.Kind} from {BeganSeconds:0.000} to {(EndedSeconds is { } e ? e.ToString("0.000", CultureInfo.InvariantCulture) : "the end")} s into the soak{(Error is null ? "" : ": " + Error)}");
}
