using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// One round of a soak: one parallel download of every client, summed up. Times are seconds into the soak (its
/// monotonic clock): <see cref="BeganSeconds"/> when the round began spawning, <see cref="StartSeconds"/> the start
/// gate's release, <see cref="EndSeconds"/> the last client's end. Only the summary is kept, not the clients'
/// progress series, so a soak of thousands of rounds holds kilobytes per round at most.
/// </summary>
public sealed record SoakRound(
    int Number,
    double BeganSeconds,
    double StartSeconds,
    double EndSeconds,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int Clients,
    int Succeeded,
    int Interrupted,
    int Failed,
    IReadOnlyDictionary<string, int> Outcomes,
    long Bytes,
    double AggregateMbps,
    double? GoodputMbps,
    double Fairness,
    IReadOnlyList<RoundFailure> Failures)
{
    /// <summary>Every client succeeded (got the whole file within its timeout).</summary>
    public bool Completed => Succeeded == Clients;

    public static SoakRound From(int number, double beganSeconds, DownloadRun run, Func<DateTimeOffset, double> secondsInto)
    {
        ArgumentNullException.ThrowIfNull(run);
        var a = run.Aggregate;
        var failures = run.Results.Where(r => !r.Success).Select(r => new RoundFailure(
            r.Namespace, r.Outcome.ToString(), r.Interrupted, r.HttpStatus,
            r.Bytes, Math.Round(r.Duration, 3), Tail(r.Stderr))).ToArray();
        var outcomes = run.Results.GroupBy(r => r.Outcome.ToString())
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new SoakRound(number, beganSeconds, secondsInto(a.FirstStart), secondsInto(a.LastEnd), a.FirstStart, a.LastEnd,
            a.Clients, a.Succeeded, a.Interrupted, a.Failed, outcomes, a.TotalBytes, a.AggregateMbps, a.GoodputMbps, a.Fairness, failures);
    }

    /// <summary>True when the round's transfer (release to last end) overlaps [<paramref name="from"/>, <paramref name="to"/>] seconds into the soak.</summary>
    public bool Overlaps(double from, double to) => StartSeconds <= to && EndSeconds >= from;

    /// <summary>One NDJSON line: what rounds.ndjson holds per round.</summary>
    public string ToJsonLine() => ToJson().ToJsonString();

    public JsonObject ToJson() => new()
    {
        ["round"] = Number,
        ["beganSeconds"] = Math.Round(BeganSeconds, 3),
        ["startSeconds"] = Math.Round(StartSeconds, 3),
        ["endSeconds"] = Math.Round(EndSeconds, 3),
        ["startedAt"] = StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["endedAt"] = EndedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["completed"] = Completed,
        ["clients"] = Clients,
        ["succeeded"] = Succeeded,
        ["interrupted"] = Interrupted,
        ["failed"] = Failed,
        ["outcomes"] = new JsonObject(Outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
        ["bytes"] = Bytes,
        ["aggregateMbps"] = Math.Round(AggregateMbps, 3),
        ["goodputMbps"] = GoodputMbps is { } g ? Math.Round(g, 3) : null,
        ["fairness"] = Math.Round(Fairness, 4),
        ["failures"] = JsonSerializer.SerializeToNode(Failures, JsonOptions),
    };

    public static SoakRound FromJson(string line)
    {
        var o = JsonNode.Parse(line)!.AsObject();
        return new SoakRound(
            (int)o["round"]!, (double)o["beganSeconds"]!, (double)o["startSeconds"]!, (double)o["endSeconds"]!,
            DateTimeOffset.Parse((string)o["startedAt"]!, CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)o["endedAt"]!, CultureInfo.InvariantCulture),
            (int)o["clients"]!, (int)o["succeeded"]!, (int)o["interrupted"]!, (int)o["failed"]!,
            o["outcomes"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!, StringComparer.Ordinal),
            (long)o["bytes"]!, (double)o["aggregateMbps"]!, (double?)o["goodputMbps"], (double)o["fairness"]!,
            o["failures"].Deserialize<RoundFailure[]>(JsonOptions)!);
    }

    /// <summary>The live console line, e.g. "[ROUND 7 | 31.2 s] 3/4 ok, Timeout 1 | goodput 38.1 Mbit/s | fairness 0.99 | 1.72 s".</summary>
    public string Describe(int? of) => string.Create(CultureInfo.InvariantCulture,
        $"[ROUND {Number}{(of is { } n ? $"/{n}" : "")} | {StartSeconds:0.0} s] {Succeeded}/{Clients} ok" +
        $"{string.Concat(Outcomes.Where(o => o.Key != nameof(DownloadOutcome.Ok)).Select(o => $", {o.Key} {o.Value}"))}" +
        $" | goodput {(GoodputMbps is { } g ? g.ToString("0.#", CultureInfo.InvariantCulture) + " Mbit/s" : "n/a")} | fairness {Fairness:0.###} | {EndSeconds - StartSeconds:0.##} s");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static string Tail(string text)
    {
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return last.Length > 200 ? last[..200] : last;
    }
}
