using System.Globalization;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// The soak as a whole: rounds done and failed, goodput of the first round against the last (the trend a router
/// that heats up or fills a table shows), the worst round (lowest goodput, a failed client counting 0), and the
/// outages the watch saw.
/// </summary>
public sealed record SoakSummary(
    double Seconds, int RoundsDone, int RoundsCompleted, IReadOnlyList<int> FailedRounds, double? FirstGoodputMbps,
    double? LastGoodputMbps, int? WorstRound, double? WorstGoodputMbps, int Outages, double LongestOutageSeconds)
{
    /// <summary>Last round's goodput over the first's, in percent; null with fewer than two rounds or no first goodput.</summary>
    public double? LastVsFirstPercent => RoundsDone >= 2 && FirstGoodputMbps is > 0 && LastGoodputMbps is { } last
        ? last / FirstGoodputMbps.Value * 100
        : null;

    public static SoakSummary Of(IReadOnlyList<SoakRound> rounds, IReadOnlyList<Outage> outages, double seconds)
    {
        var worst = rounds.OrderBy(r => r.GoodputMbps ?? 0).ThenBy(r => r.Succeeded).FirstOrDefault();
        return new SoakSummary(
            seconds, rounds.Count, rounds.Count(r => r.Completed), [.. rounds.Where(r => !r.Completed).Select(r => r.Number)],
            rounds.FirstOrDefault()?.GoodputMbps, rounds.LastOrDefault()?.GoodputMbps, worst?.Number, worst is null ? null : worst.GoodputMbps ?? 0,
            outages.Count, outages.Count == 0 ? 0 : outages.Max(o => o.Seconds));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"[SOAK] {RoundsDone} rounds in {Seconds:0.#} s, {RoundsCompleted} completed, {FailedRounds.Count} failed" +
        $"{(FailedRounds.Count > 0 ? $" ({string.Join(", ", FailedRounds.Take(20))}{(FailedRounds.Count > 20 ? ", ..." : "")})" : "")}" +
        $"; goodput first {Text(FirstGoodputMbps)} / last {Text(LastGoodputMbps)} Mbit/s{(LastVsFirstPercent is { } p ? $" ({p:0.#} %)" : "")}" +
        $"; worst round {(WorstRound is { } w ? $"{w} ({Text(WorstGoodputMbps)} Mbit/s)" : "n/a")}; {Outages} outage(s), longest {LongestOutageSeconds:0.0} s");

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static string Text(double? mbps) => mbps is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) : "n/a";
}
