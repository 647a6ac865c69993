namespace NetnsBdd.Drivers.Soak;

/// <summary>Finds the outages in a router watch's probes; a pure function, so it is unit-tested on made-up series.</summary>
public static class Outages
{
    /// <summary>
    /// Every run of consecutive lost probes to one target is an outage of that target; overlapping outages of the
    /// gateway and the server are one outage of both. An edge lies halfway between the last answered probe and the
    /// first lost one (or the last lost and the next answered); with no answered probe on a side, half an interval
    /// out from the lost one.
    /// </summary>
    /// <param name="origin">The soak's wall-clock start, for the outages' timestamps.</param>
    public static IReadOnlyList<Outage> From(IReadOnlyList<WatchProbe> probes, TimeSpan interval, DateTimeOffset origin)
    {
        var half = interval.TotalSeconds / 2;
        var single = new List<(double Start, double End, string Target, int Lost, bool Ongoing)>();
        foreach (var target in probes.GroupBy(p => p.Target, StringComparer.Ordinal))
        {
            var series = target.OrderBy(p => p.SentSeconds).ToArray();
            for (var i = 0; i < series.Length; i++)
            {
                if (!series[i].Lost)
                {
                    continue;
                }

                var first = i;
                while (i + 1 < series.Length && series[i + 1].Lost)
                {
                    i++;
                }

                var start = first > 0 ? (series[first - 1].SentSeconds + series[first].SentSeconds) / 2 : series[first].SentSeconds - half;
                var ongoing = i + 1 >= series.Length;
                var end = ongoing ? series[i].SentSeconds + half : (series[i].SentSeconds + series[i + 1].SentSeconds) / 2;
                single.Add((start, end, target.Key, i - first + 1, ongoing));
            }
        }

        var merged = new List<Outage>();
        foreach (var o in single.OrderBy(o => o.Start))
        {
            if (merged.Count > 0 && o.Start <= merged[^1].EndSeconds)
            {
                var last = merged[^1];
                var end = Math.Max(last.EndSeconds, o.End);
                merged[^1] = last with
                {
                    EndSeconds = end,
                    Lost = [.. last.Lost.Append(o.Target).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                    ProbesLost = last.ProbesLost + o.Lost,
                    Ongoing = last.Ongoing || o.Ongoing,
                };
            }
            else
            {
                merged.Add(new Outage(o.Start, o.End, origin + TimeSpan.FromSeconds(o.Start), [o.Target], o.Lost, o.Ongoing));
            }
        }

        return merged;
    }
}
