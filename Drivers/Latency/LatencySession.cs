using System.Net;
using NetnsBdd.Drivers.Downloads;

namespace NetnsBdd.Drivers.Latency;

/// <summary>The probes of one load, from the idle baseline through the tail; see <see cref="LatencyDriver"/>.</summary>
public sealed class LatencySession : IAsyncDisposable
{
    // Long enough for a reply stuck behind a deep queue (a 1000-packet queue at 10 Mbit/s drains in 1.2 s).
    private static readonly TimeSpan ReplyGrace = TimeSpan.FromSeconds(1.5);

    private readonly LatencySettings _settings;
    private readonly TextWriter _log;
    private readonly List<IcmpProbe> _icmp = [];
    private TcpConnectProbe? _connect;
    private ServerRttProbe? _serverRtt;
    private double _loadStart = double.NaN;
    private bool _stopped;

    internal LatencySession(LatencySettings settings, TextWriter log)
    {
        _settings = settings;
        _log = log;
    }

    public ProbeClock Clock { get; } = new();

    internal async Task StartAsync(LatencyPlan plan, CancellationToken cancellationToken)
    {
        foreach (var client in plan.Sampled)
        {
            _icmp.Add(await IcmpProbe.OpenAsync(client.Namespace, Targets(GatewayOf(client, plan), plan.Server.Address, foreign: false), Clock).ConfigureAwait(false));
        }

        if (plan.Foreign is { } foreign)
        {
            _icmp.Add(await IcmpProbe.OpenAsync(foreign.Namespace, Targets(GatewayOf(foreign, plan), plan.Server.Address, foreign: true), Clock).ConfigureAwait(false));
            _connect = new TcpConnectProbe(foreign.Namespace, plan.Server, Clock);
        }

        if (plan.ServerRtt is { } server)
        {
            _serverRtt = new ServerRttProbe(server, Clock);
        }

        var interval = TimeSpan.FromMilliseconds(_settings.IntervalMilliseconds);
        _icmp.ForEach(p => p.Start(interval));
        _connect?.Start(interval);
        _serverRtt?.Start(interval);
        await Task.Delay(TimeSpan.FromSeconds(_settings.IdleSeconds), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the instant the load begins (the end of the idle baseline).</summary>
    public void LoadStarting() => _loadStart = Clock.Now;

    /// <summary>Probes the tail, stops every probe and works out the windows from <paramref name="run"/>'s clients.</summary>
    public Task<LatencyMeasurement> FinishAsync(DownloadRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return FinishAsync(run.Results, LoadDirection.Download, cancellationToken);
    }

    /// <summary>As above for a load in either or both directions: the loaded window has every transfer of it running.</summary>
    public Task<LatencyMeasurement> FinishAsync(LoadRun load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        return FinishAsync([.. load.AllResults], load.Load, cancellationToken);
    }

    private async Task<LatencyMeasurement> FinishAsync(
        IReadOnlyList<ClientDownloadResult> results, LoadDirection direction, CancellationToken cancellationToken)
    {
        var loadEnd = Clock.Now;
        var loadStart = double.IsNaN(_loadStart) ? loadEnd : _loadStart;
        await Task.Delay(TimeSpan.FromSeconds(_settings.TailSeconds), cancellationToken).ConfigureAwait(false);
        var samples = await StopAsync().ConfigureAwait(false);

        // Every transfer running: from the last one's first response (an upload's first body byte) to the first one's end.
        var from = results.Max(r => Clock.SecondsAt(r.StartedAt) + (r.TimeToResponse ?? 0));
        var to = results.Min(r => Clock.SecondsAt(r.EndedAt));
        var whole = to <= from;
        var load = new LatencyWindow(loadStart, loadEnd);
        var measurement = new LatencyMeasurement(samples, new LatencyWindow(0, loadStart), load, whole ? load : new LatencyWindow(from, to), whole, direction);
        _log.WriteLine(measurement.Describe());
        return measurement;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _ = await StopAsync().ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<ProbeSample>> StopAsync()
    {
        _stopped = true;
        var samples = new List<ProbeSample>();
        var stops = _icmp.Select(p => p.StopAsync(ReplyGrace)).ToList();
        if (_connect is not null)
        {
            stops.Add(_connect.StopAsync());
        }

        if (_serverRtt is not null)
        {
            stops.Add(_serverRtt.StopAsync());
        }

        foreach (var batch in await Task.WhenAll(stops).ConfigureAwait(false))
        {
            samples.AddRange(batch);
        }

        foreach (var probe in _icmp)
        {
            if (probe.Failure is { } failure)
            {
                // Its unsent or unmatched probes already count as lost; the reason goes to the log.
                _log.WriteLine($"[LATENCY] an ICMP probe stopped early: {failure.GetType().Name}: {failure.Message}");
            }

            await probe.DisposeAsync().ConfigureAwait(false);
        }

        return [.. samples.OrderBy(s => s.SentSeconds)];
    }

    /// <summary>
    /// The router as the client reaches it in the download's family: over IPv6 the router its default IPv6 route names
    /// (from the advertisement, usually link-local), so both of a probe's targets are on the download's path.
    /// </summary>
    private static IPAddress GatewayOf(Lab.LabClient client, LatencyPlan plan) =>
        plan.Server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && client.Ipv6Gateway is { } router ? router : client.Gateway;

    private static ProbeTarget[] Targets(IPAddress gateway, IPAddress server, bool foreign) =>
    [
        new(foreign ? ProbeKind.ForeignIcmpGateway : ProbeKind.SelfIcmpGateway, gateway),
        new(foreign ? ProbeKind.ForeignIcmpServer : ProbeKind.SelfIcmpServer, server),
    ];
}
