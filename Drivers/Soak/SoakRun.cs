using System.Text.Json.Nodes;

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

    /// <summary>The faults scheduled but never caused (the soak ended first, or it was cancelled).</summary>
    public IReadOnlyList<LabFault> FaultsNotReached { get; internal set; } = [];

    public RouterWatchResult? Watch { get; internal set; }

    /// <summary>Seconds into the soak when it ended; null while running.</summary>
    public double? EndSeconds { get; internal set; }

    public IReadOnlyList<Outage> Outages => Watch?.Outages ?? [];

    public SoakSummary Summary => SoakSummary.Of(Rounds, Outages, EndSeconds ?? (Rounds.LastOrDefault()?.EndSeconds ?? 0));

    internal void Add(SoakRound round)
    {
        lock (_lock)
        {
            _rounds.Add(round);
        }
    }

    internal void Add(FaultEvent fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>results.json's "soak" object (the rounds themselves are in rounds.ndjson beside it).</summary>
    public JsonObject ToJson() => new()
    {
        ["schedule"] = Schedule.ToString(),
        ["origin"] = Origin.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["roundsFile"] = Path.GetFileName(RoundsPath),
        ["ended"] = EndSeconds is not null,
        ["summary"] = Summary.ToJson(),
        ["faults"] = new JsonArray([.. Faults.Select(f => (JsonNode)f.ToJson())]),
        ["faultsNotReached"] = new JsonArray([.. FaultsNotReached.Select(f => (JsonNode)JsonValue.Create(f.ToString()))]),
        ["watch"] = Watch?.ToJson(),
    };
}
