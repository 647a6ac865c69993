
namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// Runs the latency probes around a load: <see cref="StartAsync"/> opens every probe, starts them and waits out the
/// idle baseline; the caller then runs its load and hands the session its download results, and the session probes
/// the tail, stops and returns the <see cref="LatencyMeasurement"/>.
/// </summary>
public sealed class LatencyDriver(LatencySettings settings, TextWriter log)
{
    public LatencySettings Settings => settings;

    public async Task<LatencySession> StartAsync(LatencyPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var session = new LatencySession(settings, log);
        try
        {
            await session.StartAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return session;
    }
}
