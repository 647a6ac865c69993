using System.Globalization;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Takes one <see cref="HealthSample"/> at a time, synchronously. Each reading is read and parsed on
/// its own so that one broken or vanished file costs only that reading, never the sample.
/// Not thread-safe: the monitor calls it from its single sampling loop.
/// </summary>
public sealed class HealthSampler
{
    private readonly HealthMonitorOptions _options;
    private readonly IHostFiles _files;
    private readonly IDiskSpace _disk;
    private (string Name, string TempPath)[] _zones = [];
    private (int Cpu, string Path)[] _frequencies = [];
    private bool _hasThrottled;
    private readonly SuiteProcesses _suite;
    private CpuTimes? _previousCpu;
    // Taken with _previousCpu, or null: the suite's share is only measured over the same interval as the host's.
    private SuiteSnapshot? _previousSuite;
    private bool _primed;

    // Copy-on-write: sources change a few times per scenario and are read every tick, so the tick reads one field and
    // allocates nothing for it; writers swap in a new array under a lock.
    private NetworkCounterSource[] _networkSources;
    private readonly Lock _networkSourcesLock = new();

    public HealthSampler(HealthMonitorOptions options, IHostFiles files, IDiskSpace disk)
    {
        options.EnsureValid();
        _options = options;
        _files = files;
        _disk = disk;
        _networkSources = [.. options.NetworkSources];
        _suite = new SuiteProcesses(files, options.SuiteProcessId, options.PageSizeBytes);
    }

    /// <summary>The network sources the next sample reads.</summary>
    public IReadOnlyList<NetworkCounterSource> NetworkSources => Volatile.Read(ref _networkSources);

    /// <summary>Reads <paramref name="source"/> from the next sample on. Safe to call while another thread samples.</summary>
    public void AddNetworkSource(NetworkCounterSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        HealthMonitorOptions.EnsureValid(source);
        lock (_networkSourcesLock)
        {
            var current = _networkSources;
            if (Array.Exists(current, s => s.Name == source.Name))
            {
                throw new ArgumentException(
                    $"A network source named '{source.Name}' is already watched; names label the series' columns, so they must differ.",
                    nameof(source));
            }

            Volatile.Write(ref _networkSources, [.. current, source]);
        }
    }

    /// <summary>Stops reading the source named <paramref name="name"/> (e.g. before its namespace goes); false if none.</summary>
    public bool RemoveNetworkSource(string name)
    {
        lock (_networkSourcesLock)
        {
            var current = _networkSources;
            var kept = Array.FindAll(current, s => s.Name != name);
            if (kept.Length == current.Length)
            {
                return false;
            }

            Volatile.Write(ref _networkSources, kept);
            return true;
        }
    }

    /// <summary>
    /// Finds which optional sources this host has and takes the /proc/stat reading the first sample's
    /// CPU % is measured from. Discovery is done once because sensors do not come and go during a run.
    /// </summary>
    public void Prime()
    {
        _zones = DiscoverThermalZones();
        _frequencies = DiscoverCpuFrequencies();
        _hasThrottled = _files.Exists(_options.ThrottledPath);
        try
        {
            _previousCpu = ProcStatParser.Parse(_files.ReadAllText(HostPaths.ProcStat), HostPaths.ProcStat);
            _previousSuite = ReadSuiteOrNull();
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            // The first sample will report the CPU reading as missing; later ones recover.
            _previousCpu = null;
            _previousSuite = null;
        }

        _primed = true;
    }

    /// <summary>
    /// One sample. A <see cref="SampleKind.Baseline"/> reads everything but reports no CPU figures (there is no interval
    /// yet); its counters are what the next sample measures from.
    /// </summary>
    public HealthSample Take(int index, TimeSpan elapsed, DateTimeOffset timestamp, SampleKind kind = SampleKind.Periodic)
    {
        if (!_primed)
        {
            throw new InvalidOperationException("Call Prime() before taking samples.");
        }

        List<ReadingError>? errors = null;

        double? cpu = null;
        IReadOnlyList<CoreUsage> cores = [];
        long? hostTicks = null;
        var previousSuite = _previousSuite;
        var statRead = false;
        try
        {
            var current = ProcStatParser.Parse(_files.ReadAllText(HostPaths.ProcStat), HostPaths.ProcStat);
            var previous = _previousCpu;
            _previousCpu = current;
            statRead = true;
            if (kind == SampleKind.Baseline)
            {
                previousSuite = null;
            }
            else if (previous is null)
            {
                AddError(ref errors, ReadingKind.Cpu, $"{HostPaths.ProcStat}: no earlier readable snapshot to measure CPU use from");
            }
            else
            {
                cpu = CpuUsage.Percent(previous.Total, current.Total);
                cores = CpuUsage.PerCore(previous, current);
                hostTicks = current.Total.Total - previous.Total.Total;
                if (cpu is null)
                {
                    AddError(ref errors, ReadingKind.Cpu, $"{HostPaths.ProcStat}: cpu counters did not advance since the previous read");
                }
            }
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            // Keep the previous snapshot so the next sample measures across the gap.
            AddError(ref errors, ReadingKind.Cpu, Describe(HostPaths.ProcStat, ex));
        }

        // Right after /proc/stat, before the process scan (which takes longest on a loaded host), so the counters are
        // read as close as possible to the sample's timestamp.
        var network = ReadNetwork(ref errors);
        var suite = ReadSuite(statRead, previousSuite, hostTicks, ref errors);

        var temperatures = ReadTemperatures(ref errors);

        MemoryReading? memory = null;
        try
        {
            memory = MemInfoParser.Parse(_files.ReadAllText(HostPaths.MemInfo), HostPaths.MemInfo);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            AddError(ref errors, ReadingKind.Memory, Describe(HostPaths.MemInfo, ex));
        }

        DiskReading? disk = null;
        try
        {
            disk = _disk.Read(_options.DiskPath);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            AddError(ref errors, ReadingKind.Disk, Describe(_options.DiskPath, ex));
        }

        LoadAverage? load = null;
        try
        {
            load = LoadAvgParser.Parse(_files.ReadAllText(HostPaths.LoadAvg), HostPaths.LoadAvg);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            AddError(ref errors, ReadingKind.Load, Describe(HostPaths.LoadAvg, ex));
        }

        var frequencies = ReadFrequencies(ref errors);

        ThrottleState? throttling = null;
        if (_hasThrottled)
        {
            try
            {
                throttling = ThrottledParser.Parse(_files.ReadAllText(_options.ThrottledPath), _options.ThrottledPath);
            }
            catch (Exception ex) when (IsReadFailure(ex))
            {
                AddError(ref errors, ReadingKind.Throttling, Describe(_options.ThrottledPath, ex));
            }
        }

        return new HealthSample(
            index, elapsed, timestamp, cpu, cores, temperatures, memory, disk, load, frequencies, throttling, network,
            errors is null ? [] : errors)
        {
            Kind = kind,
            Suite = suite,
        };
    }

    /// <summary>
    /// The suite's processes now, and their CPU share since the snapshot taken with the previous /proc/stat read.
    /// <paramref name="statRead"/> says this sample's /proc/stat read stands as the next one's base; the suite's snapshot
    /// is kept beside it only then, so both shares are always over the same interval.
    /// </summary>
    private SuiteReading? ReadSuite(bool statRead, SuiteSnapshot? previous, long? hostTicks, ref List<ReadingError>? errors)
    {
        SuiteSnapshot current;
        try
        {
            current = _suite.Read();
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            if (statRead)
            {
                _previousSuite = null;
            }

            AddError(ref errors, ReadingKind.Suite, ex is HostFileFormatException ? ex.Message : $"suite processes ({SuiteProcesses.ProcRoot}): {ex.Message}");
            return null;
        }

        if (statRead)
        {
            _previousSuite = current;
        }

        double? percent = null;
        if (previous is not null && hostTicks is > 0)
        {
            // Clamped: a process that left the tree unreaped (re-parented) would otherwise show as negative use.
            percent = 100.0 * Math.Max(0, current.Ticks - previous.Ticks) / hostTicks.Value;
        }

        return new SuiteReading(percent, current.RssBytes, current.Processes);
    }

    private SuiteSnapshot? ReadSuiteOrNull()
    {
        try
        {
            return _suite.Read();
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            return null;
        }
    }

    /// <summary>True when a Pi firmware throttle file was found at <see cref="Prime"/>.</summary>
    public bool HasThrottlingSource => _hasThrottled;

    private IReadOnlyList<TemperatureReading> ReadTemperatures(ref List<ReadingError>? errors) =>
        ReadEach(_zones, ReadingKind.Temperature, zone => new TemperatureReading(zone.Name, ThermalZoneParser.ParseCelsius(_files.ReadAllText(zone.TempPath), zone.TempPath)), zone => zone.TempPath, ref errors);

    private IReadOnlyList<CpuFrequencyReading> ReadFrequencies(ref List<ReadingError>? errors) =>
        ReadEach(_frequencies, ReadingKind.CpuFrequency, f => new CpuFrequencyReading(f.Cpu, CpuFrequencyParser.ParseMegahertz(_files.ReadAllText(f.Path), f.Path)), f => f.Path, ref errors);

    /// <summary>One reading per source file; a file that fails is an error for that reading only.</summary>
    private static IReadOnlyList<TReading> ReadEach<TSource, TReading>(
        TSource[] sources, ReadingKind kind, Func<TSource, TReading> read, Func<TSource, string> pathOf, ref List<ReadingError>? errors)
    {
        if (sources.Length == 0)
        {
            return [];
        }

        var result = new List<TReading>(sources.Length);
        foreach (var source in sources)
        {
            try
            {
                result.Add(read(source));
            }
            catch (Exception ex) when (IsReadFailure(ex))
            {
                AddError(ref errors, kind, Describe(pathOf(source), ex));
            }
        }

        return result;
    }

    private IReadOnlyList<NetworkReading> ReadNetwork(ref List<ReadingError>? errors)
    {
        var sources = Volatile.Read(ref _networkSources);
        if (sources.Length == 0)
        {
            return [];
        }

        var result = new List<NetworkReading>(sources.Length);
        foreach (var source in sources)
        {
            try
            {
                var counters = NetDevParser.Parse(_files.ReadAllText(source.NetDevPath), source.NetDevPath, source.Interfaces);
                foreach (var counter in counters)
                {
                    result.Add(new NetworkReading(source.Name, counter.Interface, counter.RxBytes, counter.TxBytes)
                    {
                        Carrier = source.CarrierDirectory is { } sys ? ReadCarrier(Path.Combine(sys, counter.Interface, "carrier")) : null,
                    });
                }
            }
            catch (Exception ex) when (IsReadFailure(ex))
            {
                AddError(ref errors, ReadingKind.Network, $"{source.Name}: {Describe(source.NetDevPath, ex)}");
            }
        }

        return result;
    }

    /// <summary>1 or 0 from sysfs; the kernel refuses the read (EINVAL) while the link is down, which is no carrier either.</summary>
    private bool? ReadCarrier(string path)
    {
        try
        {
            return _files.ReadAllText(path).Trim() == "1";
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            return _files.Exists(path) ? false : null;
        }
    }

    private (string Name, string TempPath)[] DiscoverThermalZones()
    {
        var zones = new List<(int Number, string Name, string TempPath)>();
        foreach (var directory in SafeEnumerate(HostPaths.ThermalRoot, "thermal_zone*"))
        {
            var dirName = Path.GetFileName(directory);
            if (!int.TryParse(dirName.AsSpan("thermal_zone".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            var tempPath = directory + "/temp";
            if (!_files.Exists(tempPath))
            {
                continue;
            }

            zones.Add((number, ReadZoneName(directory, dirName), tempPath));
        }

        zones.Sort((a, b) => a.Number.CompareTo(b.Number));
        return zones.Select(z => (z.Name, z.TempPath)).ToArray();
    }

    private string ReadZoneName(string directory, string fallback)
    {
        var typePath = directory + "/type";
        try
        {
            return ThermalZoneParser.ParseType(_files.ReadAllText(typePath), typePath);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            // A zone without a readable type is still worth watching under its directory name.
            return fallback;
        }
    }

    private (int Cpu, string Path)[] DiscoverCpuFrequencies()
    {
        var result = new List<(int Cpu, string Path)>();
        foreach (var directory in SafeEnumerate(HostPaths.CpuRoot, "cpu*"))
        {
            var dirName = Path.GetFileName(directory);
            if (!int.TryParse(dirName.AsSpan("cpu".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var cpu))
            {
                continue;
            }

            var path = directory + "/cpufreq/scaling_cur_freq";
            if (_files.Exists(path))
            {
                result.Add((cpu, path));
            }
        }

        result.Sort((a, b) => a.Cpu.CompareTo(b.Cpu));
        return result.ToArray();
    }

    private IEnumerable<string> SafeEnumerate(string root, string pattern)
    {
        try
        {
            return _files.EnumerateDirectories(root, pattern).ToList();
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            return [];
        }
    }

    private static void AddError(ref List<ReadingError>? errors, ReadingKind kind, string message) =>
        (errors ??= []).Add(new ReadingError(kind, message));

    private static string Describe(string path, Exception ex) =>
        ex is HostFileFormatException ? ex.Message : $"{path}: {ex.GetType().Name}: {ex.Message}";

    // Anything a file read or parse can throw. Programming errors (null refs, etc.) still surface.
    private static bool IsReadFailure(Exception ex) =>
        ex is IOException or FormatException or UnauthorizedAccessException or ArgumentException or OverflowException;
}
