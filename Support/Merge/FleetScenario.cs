using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Support.Merge;

/// <summary>
/// One scenario across every host: the router's load as all of them saw it. Instants are each host's wall clock
/// (UTC); with synchronised clocks (the start check) they compare across hosts.
/// </summary>
public sealed record FleetScenario(string Title, IReadOnlyList<HostScenario> Hosts)
{
    /// <summary>Hosts that downloaded (a host that failed before its clients started has nothing to add).</summary>
    public IReadOnlyList<HostScenario> Downloading => [.. Hosts.Where(h => h.Downloaded && h.FirstByte is not null)];

    public IReadOnlyList<HostClient> Clients => [.. Hosts.SelectMany(h => h.Clients)];

    /// <summary>Seconds between the first and the last host's first response byte: how together the hosts started.</summary>
    public double? HostStartSpreadSeconds => Downloading.Count == 0 ? null
        : (Downloading.Max(h => h.FirstByte!.Value) - Downloading.Min(h => h.FirstByte!.Value)).TotalSeconds;

    /// <summary>Seconds between the first and the last first response byte over every client of every host.</summary>
    public double? ClientFirstByteSpreadSeconds
    {
        get
        {
            var firsts = Clients.Where(c => c.FirstByte is not null).Select(c => c.FirstByte!.Value).ToArray();
            return firsts.Length == 0 ? null : (firsts.Max() - firsts.Min()).TotalSeconds;
        }
    }

    /// <summary>
    /// The window every host was downloading in: from the last host's first response byte to the first host's last
    /// byte. Null when the hosts' transfers never overlapped.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End)? CommonWindow
    {
        get
        {
            if (Downloading.Count == 0)
            {
                return null;
            }

            var start = Downloading.Max(h => h.FirstByte!.Value);
            var end = Downloading.Min(h => h.LastEnd!.Value);
            return end > start ? (start, end) : null;
        }
    }

    /// <summary>
    /// Every host's clients together over <see cref="CommonWindow"/>, in Mbit/s (10^6 bit/s of file bytes): the sum of
    /// the hosts' 100 ms throughput series, each bucket counted for the part of it inside the window.
    /// </summary>
    public double? CombinedGoodputMbps => CommonWindow is { } w ? MbpsOver(Downloading, w.Start, w.End) : null;

    /// <summary>Each host's own rate over <see cref="CommonWindow"/> (its share of the combined figure).</summary>
    public double? HostMbpsInWindow(HostScenario host) => CommonWindow is { } w ? MbpsOver([host], w.Start, w.End) : null;

    /// <summary>Every file byte of every host over the time any host's data flowed (first response to last byte).</summary>
    public double? OverallGoodputMbps
    {
        get
        {
            if (Downloading.Count == 0)
            {
                return null;
            }

            var seconds = (Downloading.Max(h => h.LastEnd!.Value) - Downloading.Min(h => h.FirstByte!.Value)).TotalSeconds;
            return seconds > 0 ? Hosts.Sum(h => h.Bytes) * 8 / seconds / 1e6 : null;
        }
    }

    /// <summary>Jain's index over every client of every host (failed clients count 0, as in one host's aggregate).</summary>
    public double? Fairness => Clients.Count == 0 ? null : DownloadAggregate.JainIndex([.. Clients.Select(c => c.FairShareMbps)]);

    /// <summary>
    /// Jain's index over each client's Mbit/s inside <see cref="CommonWindow"/> (its 100 ms series): how evenly the
    /// router split its rate while every host was asking for it. <see cref="Fairness"/>, over each client's average
    /// across its own duration, hides a split that favoured one host, since that host's clients then also finish sooner.
    /// </summary>
    public double? WindowFairness => CommonWindow is { } w && Clients.Any(c => c.Throughput.Count > 0)
        ? DownloadAggregate.JainIndex([.. Clients.Select(c => MbpsOver(c.Throughput, w.Start, w.End))])
        : null;

    /// <summary>Distinct start instants the hosts were given (more than one means they were not started together).</summary>
    public IReadOnlyList<DateTimeOffset> StartInstants => [.. Hosts.Where(h => h.StartAtIntended is not null).Select(h => h.StartAtIntended!.Value).Distinct().Order()];

    public static double MbpsOver(IEnumerable<HostScenario> hosts, DateTimeOffset start, DateTimeOffset end) =>
        MbpsOver(hosts.SelectMany(h => h.Throughput), start, end);

    /// <summary>The mean Mbit/s of a series of buckets between two instants, each bucket counted for its part inside.</summary>
    public static double MbpsOver(IEnumerable<(DateTimeOffset Start, DateTimeOffset End, double Mbps)> buckets, DateTimeOffset start, DateTimeOffset end)
    {
        var seconds = (end - start).TotalSeconds;
        if (seconds <= 0)
        {
            return 0;
        }

        var megabits = 0.0;
        foreach (var (from, to, mbps) in buckets)
        {
            var overlap = (Min(to, end) - Max(from, start)).TotalSeconds;
            if (overlap > 0)
            {
                megabits += mbps * overlap;
            }
        }

        return megabits / seconds;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
