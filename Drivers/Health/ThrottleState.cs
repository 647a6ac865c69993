namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Decoded <c>get_throttled</c> value. <see cref="Raw"/> keeps bits we do not decode so that a
/// newer firmware's extra bits are still visible in the exports.
/// </summary>
public sealed record ThrottleState(uint Raw)
{
    private const ThrottleFlags CurrentMask =
        ThrottleFlags.UnderVoltage | ThrottleFlags.ArmFrequencyCapped | ThrottleFlags.Throttled | ThrottleFlags.SoftTemperatureLimit;

    private const ThrottleFlags OccurredMask =
        ThrottleFlags.UnderVoltageOccurred | ThrottleFlags.ArmFrequencyCappedOccurred | ThrottleFlags.ThrottledOccurred | ThrottleFlags.SoftTemperatureLimitOccurred;

    private const int OccurredShift = 16;

    public ThrottleFlags Flags => (ThrottleFlags)Raw & (CurrentMask | OccurredMask);

    public ThrottleFlags Current => Flags & CurrentMask;

    public ThrottleFlags Occurred => Flags & OccurredMask;

    public bool Any => Flags != ThrottleFlags.None;

    /// <summary>
    /// Short human text: current conditions by name, then conditions that only occurred earlier.
    /// An occurred bit whose condition is also current is not repeated.
    /// </summary>
    public string Describe()
    {
        if (!Any)
        {
            return "ok";
        }

        var current = Names(Current);
        var earlierOnly = (ThrottleFlags)((uint)Occurred >> OccurredShift) & ~Current;
        var earlier = Names(earlierOnly);
        return (current.Length, earlier.Length) switch
        {
            (> 0, 0) => current,
            (0, > 0) => "earlier " + earlier,
            _ => current + "; earlier " + earlier,
        };
    }

    public string Hex => "0x" + Raw.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    private static string Names(ThrottleFlags current)
    {
        var names = new List<string>(4);
        if (current.HasFlag(ThrottleFlags.UnderVoltage))
        {
            names.Add("under-voltage");
        }

        if (current.HasFlag(ThrottleFlags.ArmFrequencyCapped))
        {
            names.Add("capped");
        }

        if (current.HasFlag(ThrottleFlags.Throttled))
        {
            names.Add("throttled");
        }

        if (current.HasFlag(ThrottleFlags.SoftTemperatureLimit))
        {
            names.Add("soft temp limit");
        }

        return string.Join(", ", names);
    }
}
