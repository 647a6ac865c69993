namespace NetnsBdd.Drivers.Latency;

/// <summary>A span on the probes' clock, in seconds since probing began; a probe belongs to it by its send time.</summary>
public readonly record struct LatencyWindow(double StartSeconds, double EndSeconds)
{
    public double Seconds => Math.Max(0, EndSeconds - StartSeconds);

    public bool Contains(ProbeSample sample) => sample.SentSeconds >= StartSeconds && sample.SentSeconds < EndSeconds;
}
