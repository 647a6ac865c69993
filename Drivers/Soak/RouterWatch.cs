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

    private RouterWatch(IcmpProbe probe, ProbeClock clock, LabClient from, IPAddress server, TimeSpan interval, TimeSpan ready)
    {
        Ready = ready;
        _probe = probe;
        _clock = clock;
        From = from;
        ServerAddress = server;
        Interval = interval;
    }

    public LabClient From { get; }

    /// <summary>How long the gateway and the server took to answer before the soak began.</summary>
    public TimeSpan Ready { get; }

    public IPAddress ServerAddress { get; }

    public TimeSpan Interval { get; }

    /// <summary>
    /// How long the watch waits, before the soak begins, for both targets to answer once: a lab just built (or a
    /// router's ARP and neighbour tables) can take a moment to pass the first packets, which is not an outage of the
    /// soak. A target that does not answer within it is watched anyway, and its silence is the soak's first outage.
    /// </summary>
    public static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(10);

    /// <summary>Waits until the gateway and the server answer (at most <see cref="ReadyLimit"/>), then starts
    /// watching on the soak's <paramref name="clock"/>; returns the watch and how long the wait took.</summary>
    public static async Task<(RouterWatch Watch, TimeSpan Ready)> StartAsync(LabClient from, IPAddress server, TimeSpan interval, Func<ProbeClock> clock)
    {
        ArgumentNullException.ThrowIfNull(from);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await using (var warmUp = await IcmpProbe.OpenAsync(from.Namespace,
            [new(ProbeKind.ForeignIcmpGateway, from.Gateway), new(ProbeKind.ForeignIcmpServer, server)], new ProbeClock()).ConfigureAwait(false))
        {
            warmUp.Start(TimeSpan.FromMilliseconds(100));
            while (waited.Elapsed < ReadyLimit && !(warmUp.Answered(ProbeKind.ForeignIcmpGateway) && warmUp.Answered(ProbeKind.ForeignIcmpServer)))
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }

        var ready = waited.Elapsed;
        var soakClock = clock();
        var probe = await IcmpProbe.OpenAsync(from.Namespace,
            [new(ProbeKind.ForeignIcmpGateway, from.Gateway), new(ProbeKind.ForeignIcmpServer, server)], soakClock).ConfigureAwait(false);
        probe.Start(interval);
        return (new RouterWatch(probe, soakClock, from, server, interval, ready), ready);
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
            Outages.From(probes, Interval, _clock.OriginWall), _probe.Failure?.Message) { ReadySeconds = Ready.TotalSeconds };
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
