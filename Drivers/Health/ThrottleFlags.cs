namespace NetnsBdd.Drivers.Health;

/// <summary>Bits of the Raspberry Pi firmware's <c>get_throttled</c> word.</summary>
[Flags]
public enum ThrottleFlags : uint
{
    None = 0,
    UnderVoltage = 1u << 0,
    ArmFrequencyCapped = 1u << 1,
    Throttled = 1u << 2,
    SoftTemperatureLimit = 1u << 3,
    UnderVoltageOccurred = 1u << 16,
    ArmFrequencyCappedOccurred = 1u << 17,
    ThrottledOccurred = 1u << 18,
    SoftTemperatureLimitOccurred = 1u << 19,
}
