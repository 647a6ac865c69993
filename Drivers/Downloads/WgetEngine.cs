using System.Diagnostics;
using System.Globalization;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// One client's transfer with GNU wget inside the client's namespace, bounded by coreutils `timeout`:
/// `ip netns exec NS timeout --kill-after=K T wget ... URL`, as an argument list. All clients wait at a start gate
/// (see <see cref="GateResolver"/>): each wget is spawned, starts up and asks for the server's address, and the
/// answers go out together once every wget asked, so process start-up never decides who starts first.
/// </summary>
/// <remarks>
/// The timeout counts from the release: the suite fires it at release + T by sending `timeout` the SIGALRM its own
/// timer would (exit 124, SIGTERM to wget, SIGKILL after --kill-after), and `timeout`'s own timer is set to T plus the
/// longest the gate can stay shut (<see cref="StartGate.LongestHold"/>) as a backstop should the suite die. A client that never reached the gate keeps `timeout`'s timer
/// from its own start.
/// </remarks>
public sealed class WgetEngine(CommandRunner runner, WgetOptions? options = null) : IDownloadEngine
{
    /// <summary>The host name wget is given when the URL holds an address: something only the gate answers (RFC 6761 .test).</summary>
    public const string GateHostName = "nbdd-gate.test";

    private const int TimeoutExit = 124;
    private const int KilledExit = 128 + 9;
    private const int NotFoundExit = 127;
    private const int CannotRunExit = 126;
    private const int WgetTlsExit = 5;
    private const int WgetServerErrorExit = 8;
    private const int WgetNetworkExit = 4;
    private const int WgetDnsExit = 4;

    private readonly WgetOptions _options = options ?? new WgetOptions();

    public string Name => "wget";

    public IReadOnlyList<string> RequiredTools => ["ip", "timeout", "wget"];

    /// <summary>How the wget command differs when gated: the URL's host, a Host header, and timeout's backstop.</summary>
    public sealed record Launch(Uri Url, string? HostHeader, TimeSpan ProcessTimeout);

    public Command BuildCommand(string namespaceName, DownloadRequest request, string logPath, Launch? launch = null)
    {
        var timeout = launch?.ProcessTimeout ?? request.Timeout;
        List<string> arguments =
        [ $"--kill-after={Seconds(request.KillAfter)}s", $"{Seconds(timeout)}s",
            "wget",
            // The suite measures the network, not the machine's wgetrc, proxies or caches.
            "--no-config", "--no-proxy", "--no-cache",
            // A retry would hide the failure being measured and restart the clock.
            "--tries=1",
            // Progress dots are how bytes of an interrupted transfer are known; a larger dot costs wget fewer writes.
            "--progress=dot", "-e", $"dotbytes={_options.DotBytes}",
            // Messages and dots to a file, not a pipe: see WgetLog.
            "-o", logPath,
            "-O", "/dev/null",
        ];
        if (request.CaCertificatePath is not null)
        {
            arguments.Add($"--ca-certificate={request.CaCertificatePath}");
        }

        if (launch?.HostHeader is { } host)
        {
            arguments.Add($"--header=Host: {host}");
        }

        arguments.Add((launch?.Url ?? request.Url).AbsoluteUri);
        return NamespaceCommand.Inside(namespaceName, new Command("timeout", arguments)
        {
            MaxOutputChars = _options.MaxOutputChars,
            GracePeriod = TimeSpan.FromSeconds(1),
        });
    }

    public async Task<IReadOnlyList<ClientDownloadResult>> RunAllAsync(
        IReadOnlyList<string> namespaces, DownloadRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var origin = DateTimeOffset.UtcNow;
        using var gate = StartGate.For(namespaces.Count, request);
        var clients = namespaces.Select(ns => new Client(ns, _options.DotBytes, clock)).ToArray();
        GateResolver? resolver = null;
        Launch? launch = null;
        try
        {
            // With a start instant the gate may also wait for it: the backstop must not fire before the release.
            var untilStart = request.StartAt is { } at && at > DateTimeOffset.UtcNow ? at - DateTimeOffset.UtcNow : TimeSpan.Zero;
            (launch, var why) = PlanGate(request, StartGate.LongestHold(namespaces.Count) + untilStart);
            if (launch is not null)
            {
                DownloadTarget target;
                try
                {
                    target = await DownloadTarget.ResolveAsync(request.Url, namespaces[0], runner, cancellationToken).ConfigureAwait(false);
                }
                catch (DownloadTargetException e)
                {
                    return [.. clients.Select(c => c.Unresolved(e.Message, origin))];
                }

                resolver = await GateResolver.StartAsync(
                    namespaces, launch.Url.IdnHost, target.EndPoint.Address, gate, i => clients[i].Arrive(gate)).ConfigureAwait(false);
            }
            else
            {
                foreach (var client in clients)
                {
                    client.Note = why;
                }

                gate.Release();
            }

            using var poller = new LogPoller(clients, gate);
            var runs = new Task[clients.Length];
            for (var i = 0; i < clients.Length; i++)
            {
                var client = clients[i];
                var command = BuildCommand(client.Namespace, request, client.Log.Path, launch) with
                {
                    // timeout's own complaints (e.g. wget missing) still come on stderr.
                    OnErrorLine = line => client.Parser.OnLine(line, clock.Elapsed),
                };
                client.Command = command.ToString();
                runs[i] = client.RunAsync(runner, command, gate, cancellationToken);
            }

            var timeouts = launch is null ? Task.CompletedTask : FireTimeoutsAsync(clients, gate, clock, request.Timeout, cancellationToken);
            await Task.WhenAll(runs).ConfigureAwait(false);
            await timeouts.ConfigureAwait(false);
            poller.Stop();
            return [.. clients.Select(c => Result(c, origin, ElapsedAtRelease(clock, gate)))];
        }
        finally
        {
            if (resolver is not null)
            {
                await resolver.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var client in clients)
            {
                client.Log.Dispose();
            }
        }
    }

    /// <summary>Exit codes first (coreutils timeout, then wget's documented codes), stderr clues to tell causes apart.</summary>
    public static DownloadOutcome Classify(int exitCode, WgetOutputParser clues) => exitCode switch
    {
        0 => DownloadOutcome.Ok,
        TimeoutExit or KilledExit => DownloadOutcome.Timeout,
        NotFoundExit or CannotRunExit => DownloadOutcome.ToolMissing,
        _ when clues.SawToolMissing => DownloadOutcome.ToolMissing,
        _ when clues.SawTlsFailure || exitCode == WgetTlsExit => DownloadOutcome.TlsError,
        _ when clues.SawDnsFailure => DownloadOutcome.DnsFailure,
        _ when clues.SawConnectionRefused => DownloadOutcome.ConnectionRefused,
        _ when clues.SawUnreachable => DownloadOutcome.Unreachable,
        WgetServerErrorExit => DownloadOutcome.HttpError,
        _ when clues.SawBrokenTransfer || exitCode == WgetNetworkExit => DownloadOutcome.NetworkFailure,
        _ => DownloadOutcome.Other,
    };

    /// <summary>
    /// The gate needs root (a socket made inside each namespace) and a name wget resolves: the URL's own host name, or
    /// <see cref="GateHostName"/> with the address's Host header when the URL holds an address. That last works for
    /// https only where the certificate names the gate (the lab's does); elsewhere wget runs ungated, and says why.
    /// </summary>
    private static (Launch? Launch, string? Why) PlanGate(DownloadRequest request, TimeSpan holdLimit)
    {
        if (!Privileges.IsRoot)
        {
            return (null, "[start gate off: it needs root to open its resolver inside the client namespaces]");
        }

        var processTimeout = request.Timeout + holdLimit;
        if (request.Url.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return (new Launch(request.Url, null, processTimeout), null);
        }

        if (request.Url.Scheme == Uri.UriSchemeHttps && request.CaCertificatePath is null)
        {
            return (null, "[start gate off: https to an address cannot be gated (the certificate would not name the gate); put a host name in Download:Url]");
        }

        var authority = request.Url.IsDefaultPort ? request.Url.Host : $"{request.Url.Host}:{request.Url.Port}";
        var url = new UriBuilder(request.Url) { Host = GateHostName }.Uri;
        return (new Launch(url, authority, processTimeout), null);
    }

    private static TimeSpan ElapsedAtRelease(Stopwatch clock, StartGate gate) =>
        gate.ReleasedTimestamp == 0 ? TimeSpan.Zero : clock.Elapsed - Stopwatch.GetElapsedTime(gate.ReleasedTimestamp);

    /// <summary>At release + T, fires every gated client's timeout that is still running (see the remarks above).</summary>
    private static async Task FireTimeoutsAsync(Client[] clients, StartGate gate, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await gate.Released.WaitAsync(cancellationToken).ConfigureAwait(false);
        var due = Stopwatch.GetElapsedTime(gate.ReleasedTimestamp);
        while (timeout - due > TimeSpan.Zero && !clients.All(c => c.Exited))
        {
            var wait = timeout - due;
            await Task.Delay(wait < TimeSpan.FromMilliseconds(200) ? wait : TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            due = Stopwatch.GetElapsedTime(gate.ReleasedTimestamp);
        }

        foreach (var client in clients.Where(c => !c.Exited && c.Pid is > 0))
        {
            Posix.TrySignal(client.Pid!.Value, Posix.SIGALRM);
        }
    }

    private ClientDownloadResult Result(Client client, DateTimeOffset origin, TimeSpan released)
    {
        if (client.Missing is { } missing)
        {
            return Missing(client.Namespace, missing, origin + client.Spawned);
        }

        var result = client.Result!;
        var start = client.IsGated ? released : client.Spawned;
        var seconds = Math.Max(0, (client.ExitedAt - start).TotalSeconds);
        var parser = client.Parser;
        var outcome = Classify(result.ExitCode, parser);
        var bytes = parser.Bytes;
        return new ClientDownloadResult
        {
            Namespace = client.Namespace,
            Success = outcome == DownloadOutcome.Ok,
            Duration = Math.Round(seconds, 3),
            Interrupted = outcome == DownloadOutcome.Timeout,
            Stdout = result.StandardOutput,
            Stderr = client.Note is null ? parser.Messages : client.Note + "\n" + parser.Messages,
            Bytes = bytes,
            BytesExact = parser.BytesExact,
            BytesResolution = parser.BytesExact ? 0 : _options.DotBytes,
            Mbps = seconds > 0 ? Math.Round(bytes * 8 / seconds / 1e6, 3) : 0,
            ExitCode = result.ExitCode,
            Outcome = outcome,
            HttpStatus = outcome == DownloadOutcome.HttpError ? parser.HttpStatus : null,
            Engine = Name,
            StartedAt = origin + start,
            SpawnedAt = origin + client.Spawned,
            Gated = client.IsGated,
            Command = client.Command,
            Progress = [.. parser.Progress.Where(p => p.Elapsed >= start).Select(p => p with { Elapsed = p.Elapsed - start })],
            TimeToResponse = parser.ResponseAt is { } at ? Math.Round(Math.Max(0, (at - start).TotalSeconds), 4) : null,
        };
    }

    private ClientDownloadResult Missing(string namespaceName, ToolMissingException e, DateTimeOffset at) => new()
    {
        Namespace = namespaceName,
        Success = false,
        Duration = 0,
        Interrupted = false,
        Stdout = "",
        Stderr = e.Message,
        Bytes = 0,
        BytesExact = true,
        BytesResolution = 0,
        Mbps = 0,
        ExitCode = NotFoundExit,
        Outcome = DownloadOutcome.ToolMissing,
        Engine = Name,
        StartedAt = at,
        Command = e.Tool,
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>One wget: its log and parser, when it was spawned, reached the gate and exited, and its process result.</summary>
    private sealed class Client
    {
        private const int Waiting = 0;
        private const int AtGate = 1;
        private const int Gone = 2;
        private readonly Stopwatch _clock;
        private int _state;

        public Client(string namespaceName, long dotBytes, Stopwatch clock)
        {
            _clock = clock;
            Namespace = namespaceName;
            Parser = new WgetOutputParser(dotBytes);
            Log = new WgetLog(namespaceName, line => Parser.OnLine(line, clock.Elapsed));
        }

        public string Namespace { get; }

        public WgetOutputParser Parser { get; }

        public WgetLog Log { get; }

        public string Command { get; set; } = "";

        /// <summary>Why this client was not gated, for its diagnostics.</summary>
        public string? Note { get; set; }

        public TimeSpan Spawned { get; set; }

        public int? Pid { get; private set; }

        public bool IsGated => Volatile.Read(ref _state) == AtGate;

        public volatile bool Exited;

        public TimeSpan ExitedAt { get; private set; }

        public CommandResult? Result { get; private set; }

        public ToolMissingException? Missing { get; private set; }

        public bool Responded => Parser.ResponseAt is not null || Exited;

        public void Arrive(StartGate gate)
        {
            if (Interlocked.CompareExchange(ref _state, AtGate, Waiting) == Waiting)
            {
                gate.Arrive();
            }
        }

        public async Task RunAsync(CommandRunner runner, Command command, StartGate gate, CancellationToken cancellationToken)
        {
            try
            {
                var run = runner.RunAsync(command with { OnStarted = pid => { Spawned = _clock.Elapsed; Pid = pid; } }, cancellationToken);
                Result = await run.ConfigureAwait(false);
            }
            catch (ToolMissingException e)
            {
                Missing = e;
            }
            finally
            {
                ExitedAt = _clock.Elapsed;
                Exited = true;
                if (Interlocked.CompareExchange(ref _state, Gone, Waiting) == Waiting)
                {
                    gate.Leave();
                }
            }
        }

        public ClientDownloadResult Unresolved(string message, DateTimeOffset at) =>
            ClientDownloadResult.NoTransfer(Namespace, "wget", "getent ahostsv4", at, 0, DownloadOutcome.DnsFailure, WgetDnsExit, message);
    }

    /// <summary>
    /// Reads every client's log on one thread: every millisecond from the release until each client has its response
    /// line (the first-byte instant, so its error is about a millisecond), every 100 ms otherwise (progress points
    /// for the 100 ms throughput buckets). One thread for all clients instead of a timer per client.
    /// </summary>
    private sealed class LogPoller : IDisposable
    {
        private static readonly TimeSpan FastPhase = TimeSpan.FromSeconds(5);
        private readonly Client[] _clients;
        private readonly StartGate _gate;
        private readonly object _lock = new();
        private readonly Thread _thread;
        private bool _stopped;

        public LogPoller(Client[] clients, StartGate gate)
        {
            _clients = clients;
            _gate = gate;
            _thread = new Thread(Loop) { IsBackground = true, Name = "wget logs" };
            _thread.Start();
            // The poller may be in a 100 ms sleep when the gate opens: wake it for the fast phase.
            gate.OnRelease(Wake);
        }

        public void Stop()
        {
            lock (_lock)
            {
                if (_stopped)
                {
                    return;
                }

                _stopped = true;
                Monitor.PulseAll(_lock);
            }

            _thread.Join();
            foreach (var client in _clients)
            {
                client.Log.Drain(final: true);
            }
        }

        public void Dispose() => Stop();

        private void Wake()
        {
            lock (_lock)
            {
                Monitor.PulseAll(_lock);
            }
        }

        private void Loop()
        {
            var everyoneResponded = false;
            while (!Volatile.Read(ref _stopped))
            {
                foreach (var client in _clients)
                {
                    client.Log.Drain();
                }

                var fast = false;
                if (_gate.IsOpen && !everyoneResponded)
                {
                    everyoneResponded = _clients.All(c => c.Responded) || Stopwatch.GetElapsedTime(_gate.ReleasedTimestamp) > FastPhase;
                    fast = !everyoneResponded;
                }

                lock (_lock)
                {
                    if (!_stopped)
                    {
                        Monitor.Wait(_lock, fast ? 1 : 100);
                    }
                }
            }
        }
    }
}
