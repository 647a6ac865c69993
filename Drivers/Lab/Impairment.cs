using System.Globalization;

namespace NetnsBdd.Drivers.Lab;

/// <summary>Delay, jitter and loss added by netem to the router's downstream (toward the clients).</summary>
public sealed record Impairment(TimeSpan Delay, TimeSpan Jitter, double LossPercent)
{
    public bool IsNone => Delay <= TimeSpan.Zero && LossPercent <= 0;

    /// <summary>netem's arguments, e.g. "delay 20ms 5ms loss 1%".</summary>
    public string NetemArguments
    {
        get
        {
            var parts = new List<string>();
            if (Delay > TimeSpan.Zero)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"delay {Delay.TotalMilliseconds:0.###}ms"));
                if (Jitter > TimeSpan.Zero)
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Jitter.TotalMilliseconds:0.###}ms"));
                }
            }

            if (LossPercent > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"loss {LossPercent:0.####}%"));
            }

            return string.Join(' ', parts);
        }
    }
}
