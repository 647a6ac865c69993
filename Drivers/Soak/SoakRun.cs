
namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// One soak as it runs and once it ended: the rounds so far (also on disk, see <see cref="RoundLog"/>), the faults
/// caused, the router watch's result, and the summary. Readable while running, so a scenario that fails half-way
/// still reports what it did.
/// </summary>
public sealed class SoakRun(SoakSchedule schedule, DateTimeOffset origin, string roundsPath)
{
    private readonly List<SoakRound> _rounds = [];
    private readonly List<FaultEvent> _faults = [];
    private readonly List<RenewalResult> _renewals = [];
    private readonly Lock _lock = new();

    public SoakSchedule Schedule { get; } = schedule;

    /// <summary>The soak's start (wall clock); every "seconds into the soak" counts from it.</summary>
    public DateTimeOffset Origin { get; } = origin;

    public string RoundsPath { get; } = roundsPath;

    public IReadOnlyList<SoakRound> Rounds
    {
        get
        {
            lock (_lock)
            {
                return [.. _rounds];
            }
        }
    }

    public IReadOnlyList<FaultEvent> Faults
    {
        get
        {
            lock (_lock)
            {
                return [.. _faults];
            }
        }
    }

    /// <summary>Every DHCP lease renewal during the soak, in the order they ended.</summary>
    public IReadOnlyList<RenewalResult> Renewals
    {
        get
        {
            lock (_lock)
            {
                return [.. _renewals];
            }
        }
    }

    /// <summary>Clients with a DHCP lease the soak watched (renewed at T1); 0 with static addresses.</summary>
    public int LeasedClients { get; internal set; }

    /// <summary>The faults scheduled but never caused (the soak ended first, or it was cancelled).</summary>
    public IReadOnlyList<LabFault> FaultsNotReached { get; internal set; } = [];

    public RouterWatchResult? Watch { get; internal set; }

    /// <summary>Seconds into the soak when it ended; null while running.</summary>
    public double? EndSeconds { get; internal set; }

    public IReadOnlyList<Outage> Outages => Watch?.Outages ?? [];

    public SoakSummary Summary => SoakSummary.Of(Rounds, Outages, EndSeconds ?? (Rounds.LastOrDefault()?.EndSeconds ?? 0));

    /// <summary>The rounds in flight (release to last end) while a caused fault lasted (until the soak's end if it never ended).</summary>
    public IReadOnlyList<SoakRound> RoundsHitByFaults() =>
        [.. Rounds.Where(r => Faults.Any(f => r.Overlaps(f.BeganSeconds, f.EndedSeconds ?? EndSeconds ?? double.MaxValue)))];

    /// <summary>The outages the watch saw overlapping <paramref name="fault"/>.</summary>
    public IReadOnlyList<Outage> OutagesDuring(FaultEvent fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var end = fault.BeganSeconds + fault.SecondsOr(EndSeconds ?? 0);
        return [.. Outages.Where(o => o.StartSeconds <= end && o.EndSeconds >= fault.BeganSeconds)];
    }

    internal void Add(SoakRound round)
    {
        lock (_lock)
        {
            _rounds.Add(round);
        }
    }

    internal void Add(RenewalResult renewal)
    {
        lock (_lock)
        {
            _renewals.Add(renewal);
        }
    }

    internal void Add(FaultEvent fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }
    }
}
