using NetnsBdd.Drivers;
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

    /// <summary>The configured interval, for steps that judge the sampling cadence.</summary>
    public TimeSpan Interval => TimeSpan.FromSeconds(settings.Health.IntervalSeconds);

    /// <summary>Every sample so far (or, once stopped, the whole series).</summary>
    public HealthSeries Series => _final ?? _monitor?.Series ?? HealthSeries.Empty;

    public async Task StartAsync(TextWriter output, CancellationToken cancellationToken)
    {
        _monitor = new HealthMonitor(HealthMonitorOptions.From(settings.Health), output);
        await _monitor.StartAsync(cancellationToken).ConfigureAwait(false);
    }

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
