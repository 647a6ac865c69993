using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Support;

/// <summary>
/// The scenario's latency probes: <see cref="AroundAsync"/> wraps the parallel download in them (unless
/// Latency:Enabled is false), and the latency steps and the report read the <see cref="Measurement"/>.
/// </summary>
public sealed class LatencyContext(SuiteSettings settings)
{
    private LatencyMeasurement? _measurement;

    public LatencyMeasurement Measurement => _measurement ?? throw new InvalidOperationException(
        settings.Latency.Enabled
            ? "No latency was measured in this scenario: add \"When all clients start parallel download\" (or upload, or both at once) before this step (the probes run around it)."
            : "The latency probes are off (Latency:Enabled=false), so there is nothing to judge: turn them on, or drop this step.");

    public LatencyMeasurement? MeasurementOrNull => _measurement;

    /// <summary>Idle baseline, then <paramref name="load"/>, then the tail; the load's result is handed back as is.</summary>
    public async Task<LoadRun> AroundAsync(
        LabDriver lab, Uri url, System.Net.Sockets.AddressFamily? family, Func<Task<LoadRun>> load, CancellationToken cancellationToken)
    {
        if (!settings.Latency.Enabled)
        {
            return await load().ConfigureAwait(false);
        }

        var plan = await LatencyPlan.ForAsync(lab.Clients, lab.ProbeClient, url, lab.Server, settings.Latency.SampledClients,
            family ?? System.Net.Sockets.AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
        await using var session = await new LatencyDriver(settings.Latency, TestContext.Progress).StartAsync(plan, cancellationToken).ConfigureAwait(false);
        session.LoadStarting();
        var run = await load().ConfigureAwait(false);
        _measurement = await session.FinishAsync(run, cancellationToken).ConfigureAwait(false);
        return run;
    }
}
