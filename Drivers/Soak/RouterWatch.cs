using System.Net;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// Watches the router for the whole soak from the probe client, a client that downloads nothing: an ICMP echo to its
/// gateway (in uplink mode the one its DHCP lease named) and one to the download server every 250 ms (four times the
/// once a second a ping gives, so an outage's edges are known within an eighth of a second), through the
/// latency probes' ICMP datagram socket inside that namespace. A probe unanswered when the watch stops (at least 1.5 s
/// after it was sent) is lost; runs of lost probes are the outages.
/// </summary>
public sealed class RouterWatch : IAsyncDisposable
{
    public const string Gateway = "gateway";
    public const string Server = "server";

    // A reply still due when the watch stops: 1.5 s covers a reply stuck in a deep queue (the latency probes' grace).
    private static readonly TimeSpan ReplyGrace = TimeSpan.FromSeconds(1.5);

    private readonly IcmpProbe _probe;
    private readonly ProbeClock _clock;
    private bool _stopped;

    private RouterWatch(IcmpProbe probe, ProbeClock clock, LabClient from, IPAddress server, TimeSpan interval)
    {
        _probe = probe;
        _clock = clock;
        From = from;
        ServerAddress = server;
        Interval = interval;
    }

    public LabClient From { get; }

    public IPAddress ServerAddress { get; }

    public TimeSpan Interval { get; }

    public static async Task<RouterWatch> StartAsync(LabClient from, IPAddress server, TimeSpan interval, ProbeClock clock)
    {
        ArgumentNullException.ThrowIfNull(from);
        var probe = await IcmpProbe.OpenAsync(from.Namespace,
            [new(ProbeKind.ForeignIcmpGateway, from.Gateway), new(ProbeKind.ForeignIcmpServer, server)], clock).ConfigureAwait(false);
        probe.Start(interval);
        return new RouterWatch(probe, clock, from, server, interval);
    }

    /// <summary>Stops probing and returns every probe (seconds on the soak's clock) and the outages they show.</summary>
    public async Task<RouterWatchResult> StopAsync()
    {
        _stopped = true;
        var samples = await _probe.StopAsync(ReplyGrace).ConfigureAwait(false);
        var probes = samples
            .Select(s => new WatchProbe(s.Kind == ProbeKind.ForeignIcmpGateway ? Gateway : Server, s.SentSeconds, s.RttMs))
            .ToArray();
        return new RouterWatchResult(From.Namespace, From.Gateway.ToString(), ServerAddress.ToString(), Interval, probes,
            Outages.From(probes, Interval, _clock.OriginWall), _probe.Failure?.Message);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _ = await StopAsync().ConfigureAwait(false);
        }

        await _probe.DisposeAsync().ConfigureAwait(false);
    }
}
