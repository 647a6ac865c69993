namespace NetnsBdd.Drivers.Latency;

/// <summary>The <c>Latency</c> section of appsettings.json: the probes that run around every parallel download.</summary>
public sealed class LatencySettings
{
    public const string SectionPath = "Latency";

    /// <summary>Probes run around every parallel download unless this is false (they cost well under 1 % of goodput).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The unloaded baseline before the clients start.</summary>
    public double IdleSeconds { get; set; } = 3;

    /// <summary>Probing after the last client ended, to see the queue drain.</summary>
    public double TailSeconds { get; set; } = 1;

    /// <summary>Time between two probes of one kind from one namespace.</summary>
    public int IntervalMilliseconds { get; set; } = 100;

    /// <summary>How many downloading clients probe their own round trips (spread over the clients).</summary>
    public int SampledClients { get; set; } = 3;

    /// <returns>One sentence per problem, naming the setting; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (double.IsNaN(IdleSeconds) || IdleSeconds is < 0.5 or > 60)
        {
            errors.Add(FormattableString.Invariant($"{SectionPath}:IdleSeconds must be between 0.5 and 60 (a baseline needs a few probes) but is {IdleSeconds}."));
        }

        if (double.IsNaN(TailSeconds) || TailSeconds is < 0 or > 60)
        {
            errors.Add(FormattableString.Invariant($"{SectionPath}:TailSeconds must be between 0 and 60 but is {TailSeconds}."));
        }

        if (IntervalMilliseconds is < 10 or > 1000)
        {
            errors.Add(FormattableString.Invariant($"{SectionPath}:IntervalMilliseconds must be between 10 and 1000 (100-200 is usual) but is {IntervalMilliseconds}."));
        }

        if (SampledClients is < 1 or > 64)
        {
            errors.Add(FormattableString.Invariant($"{SectionPath}:SampledClients must be between 1 and 64 but is {SampledClients}."));
        }

        return errors;
    }
}
