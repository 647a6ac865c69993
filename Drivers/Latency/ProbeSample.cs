namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// One probe: when it was sent (seconds on the probes' monotonic clock, see <see cref="ProbeClock"/>), from which
/// namespace to which target, and its round trip in ms; <see cref="RttMs"/> is null for a probe never answered (lost).
/// </summary>
public readonly record struct ProbeSample(ProbeKind Kind, string Source, string Target, double SentSeconds, double? RttMs)
{
    public bool Lost => RttMs is null;
}
