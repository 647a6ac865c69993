using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NetnsBdd.Drivers.Soak;

namespace NetnsBdd.Support.Results;

/// <summary>
/// results.json's "soak": the schedule, the summary, the faults caused (and those the soak ended before), the router
/// watch, the lease renewals and what each outage cost the rounds in flight. The rounds themselves are in the
/// rounds file beside results.json (<see cref="RoundsFile"/>), written round by round while the soak ran.
/// </summary>
public sealed record SoakJson(
    string Schedule,
    string Origin,
    string RoundsFile,
    bool Ended,
    SoakSummaryJson Summary,
    IReadOnlyList<FaultJson> Faults,
    IReadOnlyList<string> FaultsNotReached,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] RouterWatchJson? Watch,
    int LeasedClients,
    IReadOnlyList<RenewalJson> Renewals,
    IReadOnlyList<OutageImpactJson> OutageImpact)
{
    public static SoakJson Of(SoakRun soak)
    {
        var rounds = soak.Rounds;
        var s = soak.Summary;
        return new(
            soak.Schedule.ToString(),
            Utc(soak.Origin),
            Path.GetFileName(soak.RoundsPath),
            soak.EndSeconds is not null,
            new SoakSummaryJson(
                Math.Round(s.Seconds, 3), s.RoundsDone, s.RoundsCompleted, s.FailedRounds, Round(s.FirstGoodputMbps), Round(s.LastGoodputMbps),
                Round(s.LastVsFirstPercent), s.WorstRound, Round(s.WorstGoodputMbps), s.Outages, Math.Round(s.LongestOutageSeconds, 3)),
            [.. soak.Faults.Select(f => new FaultJson(
                f.Fault.Kind.ToString(), f.Fault.At.TotalSeconds, f.Fault.For.TotalSeconds, Math.Round(f.BeganSeconds, 3),
                f.EndedSeconds is { } e ? Math.Round(e, 3) : null, f.Error))],
            [.. soak.FaultsNotReached.Select(f => f.ToString())],
            soak.Watch is { } w ? RouterWatchJson.Of(w) : null,
            soak.LeasedClients,
            [.. soak.Renewals.Select(r => new RenewalJson(
                r.Client, Math.Round(r.AtSeconds, 3), r.Renewed, r.Address, r.LeaseSeconds, Math.Round(r.Milliseconds, 1), r.Detail))],
            // What each outage cost the downloads: the rounds in flight during it and how their failed clients ended
            // (a reboot shows as Timeout or NetworkFailure from reset connections, a dead server as ConnectionRefused).
            [.. soak.Outages.Select(o =>
            {
                var hit = rounds.Where(r => r.Overlaps(o.StartSeconds, o.EndSeconds)).ToArray();
                return new OutageImpactJson(
                    Math.Round(o.StartSeconds, 3), Math.Round(o.Seconds, 3), [.. hit.Select(r => r.Number)],
                    hit.SelectMany(r => r.Failures).GroupBy(f => f.Outcome, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
            })]);
    }

    internal static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}

/// <summary>
/// The soak as a whole: rounds done and failed, the first and last round's goodput (Mbit/s) and their ratio (%), the
/// worst round, and the outages the watch saw. Goodput figures are null when no round had one.
/// </summary>
public sealed record SoakSummaryJson(
    double Seconds,
    int RoundsDone,
    int RoundsCompleted,
    IReadOnlyList<int> FailedRounds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? FirstGoodputMbps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LastGoodputMbps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LastVsFirstPercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? WorstRound,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? WorstGoodputMbps,
    int Outages,
    double LongestOutageSeconds);

/// <summary>A fault as asked (at, for) and as it happened (began, ended: seconds into the soak; null: never ended), with its error.</summary>
public sealed record FaultJson(
    string Kind,
    double AtSeconds,
    double ForSeconds,
    double BeganSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? EndedSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Error);

/// <summary>One DHCP renewal: when (s into the soak), whether the same address was renewed, the lease granted (s) and how long it took (ms).</summary>
public sealed record RenewalJson(
    string Client,
    double AtSeconds,
    bool Renewed,
    string Address,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? LeaseSeconds,
    double Milliseconds,
    string Detail);

/// <summary>One outage and the rounds in flight during it, with their failed clients counted by outcome.</summary>
public sealed record OutageImpactJson(double StartSeconds, double Seconds, IReadOnlyList<int> Rounds, IReadOnlyDictionary<string, int> FailedClients);

/// <summary>What the router watch saw: from which namespace, to which gateway and server, every probe and the outages.</summary>
public sealed record RouterWatchJson(
    double ReadySeconds,
    string From,
    string Gateway,
    string Server,
    double IntervalSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Failure,
    int ProbesSent,
    int ProbesLost,
    IReadOnlyList<OutageJson> Outages,
    IReadOnlyList<WatchProbeJson> Probes)
{
    public static RouterWatchJson Of(RouterWatchResult w) => new(
        Math.Round(w.ReadySeconds, 3), w.From, w.GatewayAddress, w.ServerAddress, w.Interval.TotalSeconds, w.Failure,
        w.Probes.Count, w.Probes.Count(p => p.Lost),
        [.. w.Outages.Select(o => new OutageJson(
            Math.Round(o.StartSeconds, 3), Math.Round(o.EndSeconds, 3), Math.Round(o.Seconds, 3), SoakJson.Utc(o.StartedAt), SoakJson.Utc(o.EndedAt),
            o.Lost, o.ProbesLost, o.Ongoing))],
        [.. w.Probes.Select(p => new WatchProbeJson(p.Target, Math.Round(p.SentSeconds, 3), p.RttMs is { } r ? Math.Round(r, 3) : null))]);
}

/// <summary>A time the watch lost its probes: seconds into the soak and UTC, what was lost, how many probes, whether still down at the end.</summary>
public sealed record OutageJson(
    double StartSeconds, double EndSeconds, double Seconds, string StartedAt, string EndedAt, IReadOnlyList<string> Lost, int ProbesLost, bool Ongoing);

/// <summary>
/// One watch probe, written compactly as [target, seconds into the soak, rtt ms or null]: a long soak sends one
/// probe per target per second, so the array form keeps results.json readable.
/// </summary>
[JsonConverter(typeof(WatchProbeJsonConverter))]
public sealed record WatchProbeJson(string Target, double SentSeconds, double? RttMs);

/// <summary>Reads and writes <see cref="WatchProbeJson"/> as its three-element array.</summary>
public sealed class WatchProbeJsonConverter : JsonConverter<WatchProbeJson>
{
    public override WatchProbeJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, "an array [target, seconds, rtt ms or null]");
        reader.Read();
        Expect(reader.TokenType == JsonTokenType.String, "the target as a string first");
        var target = reader.GetString()!;
        reader.Read();
        Expect(reader.TokenType == JsonTokenType.Number, "the seconds into the soak second");
        var sent = reader.GetDouble();
        reader.Read();
        Expect(reader.TokenType is JsonTokenType.Number or JsonTokenType.Null, "the rtt in ms (or null) third");
        double? rtt = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
        reader.Read();
        Expect(reader.TokenType == JsonTokenType.EndArray, "three elements");
        return new WatchProbeJson(target, sent, rtt);
    }

    public override void Write(Utf8JsonWriter writer, WatchProbeJson value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Target);
        writer.WriteNumberValue(value.SentSeconds);
        if (value.RttMs is { } rtt)
        {
            writer.WriteNumberValue(rtt);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndArray();
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new JsonException($"A router-watch probe must be {what}.");
        }
    }
}
