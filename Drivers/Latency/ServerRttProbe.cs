using NetnsBdd.Drivers.Server;

namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// Reads TCP's own smoothed RTT of every running download connection on the embedded lab's server each interval
/// (see <see cref="DownloadServer.LiveRoundTrips"/>): the round trip the loaded connections themselves see. One
/// sample per connection per read, with the client's address as its source.
/// </summary>
internal sealed class ServerRttProbe(DownloadServer server, ProbeClock clock)
{
    private readonly CancellationTokenSource _stop = new();
    private Task<IReadOnlyList<ProbeSample>>? _running;

    public void Start(TimeSpan interval) => _running = Task.Run(() => LoopAsync(interval));

    public async Task<IReadOnlyList<ProbeSample>> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        var samples = _running is null ? [] : await _running.ConfigureAwait(false);
        _stop.Dispose();
        return samples;
    }

    private async Task<IReadOnlyList<ProbeSample>> LoopAsync(TimeSpan interval)
    {
        var samples = new List<ProbeSample>();
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                var at = clock.Now;
                samples.AddRange(server.LiveRoundTrips().Select(r =>
                    new ProbeSample(ProbeKind.SelfTcpRtt, r.RemoteAddress, "server", at, r.Rtt.TotalMilliseconds)));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        catch (ObjectDisposedException)
        {
            // The server went away (a scenario stopped it): what was read stands.
        }

        return samples;
    }
}
