using System.Globalization;

namespace NetnsBdd.Drivers.Soak;

/// <summary>One DHCP lease renewal during a soak: when (seconds into the soak), whether the server renewed the same address, the lease it granted, how long it took, and what came back.</summary>
public sealed record RenewalResult(string Client, double AtSeconds, bool Renewed, string Address, long? LeaseSeconds, double Milliseconds, string Detail)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Client} {(Renewed ? "renewed" : "FAILED to renew")} {Address} at {AtSeconds:0.0} s into the soak ({Milliseconds:0} ms{(LeaseSeconds is { } l ? $", lease {l} s" : "")}): {Detail}");
}
