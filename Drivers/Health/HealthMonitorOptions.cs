
namespace NetnsBdd.Drivers.Health;

public sealed record HealthMonitorOptions
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    public TimeSpan Interval { get; init; } = DefaultInterval;

    public string DiskPath { get; init; } = "/";

    public IReadOnlyList<NetworkCounterSource> NetworkSources { get; init; } = [];

    /// <summary>
    /// The process whose tree is "the suite" in the CPU and memory split: the test host by default, which holds the
    /// lab's download server and starts every tool (ip, timeout, wget, dnsmasq, udhcpc).
    /// </summary>
    public int SuiteProcessId { get; init; } = Environment.ProcessId;

    /// <summary>The unit of /proc/&lt;pid&gt;/stat's rss field: 4 KiB on most hosts, 16 KiB on a Pi 5's kernel.</summary>
    public long PageSizeBytes { get; init; } = Environment.SystemPageSize;

    /// <summary>Overridable because the firmware node's sysfs path depends on the Pi model's device tree.</summary>
    public string ThrottledPath { get; init; } = HostPaths.PiThrottled;

    public static HealthMonitorOptions From(HealthSettings settings, IReadOnlyList<NetworkCounterSource>? networkSources = null)
    {
        settings.EnsureValid();
        return new HealthMonitorOptions
        {
            Interval = TimeSpan.FromSeconds(settings.IntervalSeconds),
            DiskPath = settings.DiskPath,
            NetworkSources = networkSources ?? [],
        };
    }

    internal void EnsureValid()
    {
        if (Interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The health sampling interval must be positive.");
        }

        if (SuiteProcessId <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SuiteProcessId), SuiteProcessId, "The suite's process id must be a positive pid, e.g. Environment.ProcessId.");
        }

        if (string.IsNullOrWhiteSpace(DiskPath))
        {
            throw new ArgumentException("The health monitor needs a disk path to measure, e.g. '/'.", nameof(DiskPath));
        }

        foreach (var source in NetworkSources)
        {
            EnsureValid(source);
        }

        var duplicate = NetworkSources.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two network sources are named '{duplicate.Key}'; names label the series' columns, so they must differ.", nameof(NetworkSources));
        }
    }

    internal static void EnsureValid(NetworkCounterSource source)
    {
        if (string.IsNullOrWhiteSpace(source.Name))
        {
            throw new ArgumentException($"A network source ({source.NetDevPath}) needs a name to label its columns.", nameof(NetworkSources));
        }

        if (source.Interfaces.Count == 0)
        {
            throw new ArgumentException($"Network source '{source.Name}' ({source.NetDevPath}) names no interfaces.", nameof(NetworkSources));
        }
    }
}
