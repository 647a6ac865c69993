using NetnsBdd.Drivers.Health;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Support;

/// <summary>
/// The scenario's health monitor and its series. Started by <see cref="Hooks.ScenarioHooks"/> before every scenario
/// and stopped after it, also when it failed; steps read the series while it is still running.
/// </summary>
public sealed class HealthContext(SuiteSettings settings) : IAsyncDisposable
{
    private HealthMonitor? _monitor;
    private HealthSeries? _final;
    private readonly List<NetworkCounterSource> _pending = [];
    private readonly Lock _lock = new();

    /// <summary>The configured interval, for steps that judge the sampling cadence.</summary>
    public TimeSpan Interval => TimeSpan.FromSeconds(settings.Health.IntervalSeconds);

    /// <summary>Every sample so far (or, once stopped, the whole series).</summary>
    public HealthSeries Series => _final ?? _monitor?.Series ?? HealthSeries.Empty;

    public async Task StartAsync(TextWriter output, CancellationToken cancellationToken)
    {
        HealthMonitor monitor;
        lock (_lock)
        {
            monitor = new HealthMonitor(HealthMonitorOptions.From(settings.Health, [.. _pending]), output);
            _pending.Clear();
            _monitor = monitor;
        }

        await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds interface counters (e.g. the lab's router, once a step built it) to the series from the next sample on;
    /// before the monitor starts they are kept for it. The lab is torn down after the scenario's hooks stopped the
    /// monitor, so a watched namespace outlives its last read.
    /// </summary>
    public void Watch(IReadOnlyList<NetworkCounterSource> sources)
    {
        lock (_lock)
        {
            foreach (var source in sources)
            {
                if (_monitor is null)
                {
                    _pending.Add(source);
                }
                else
                {
                    _monitor.AddNetworkSource(source);
                }
            }
        }
    }

    /// <summary>Ends a sampling interval now (see <see cref="HealthMonitor.Mark"/>), e.g. just before the downloads start.</summary>
    public void Mark() => _monitor?.Mark();

    public async Task<HealthSeries> StopAsync()
    {
        if (_monitor is not null && _final is null)
        {
            _final = await _monitor.StopAsync().ConfigureAwait(false);
        }

        return Series;
    }

    public async ValueTask DisposeAsync()
    {
        if (_monitor is not null)
        {
            await _monitor.DisposeAsync().ConfigureAwait(false);
        }
    }
}
