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

    /// <summary>The gate's name for an upload server at another address than the download's (both ways at once).</summary>
    public const string UploadGateHostName = "nbdd-gate-up.test";

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

    public Command BuildCommand(
        string namespaceName, DownloadRequest request, string logPath, Launch? launch = null, TransferDirection direction = TransferDirection.Download)
    {
        var timeout = launch?.ProcessTimeout ?? request.Timeout;
        var upload = direction == TransferDirection.Upload;
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
        if (upload)
        {
            // The body is the upload file. -d logs the request head as sent (its length turns the kernel's byte count
            // of an interrupted upload into body bytes) and the moment the body starts; wget has no upload progress.
            arguments.Add($"--post-file={request.UploadFilePath}");
            arguments.Add("--debug");
        }

        if (request.Family is { } family)
        {
            // "The download uses IPv6": a name with both records must not fall back to the other family.
            arguments.Add(family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "--inet6-only" : "--inet4-only");
        }

        if (request.CaCertificatePath is not null)
        {
            arguments.Add($"--ca-certificate={request.CaCertificatePath}");
        }

        if (launch?.HostHeader is { } host)
        {
            arguments.Add($"--header=Host: {host}");
        }

        arguments.Add((launch?.Url ?? (upload ? request.UploadUrl! : request.Url)).AbsoluteUri);
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
        var load = request.Load;

        // Downloads first, then uploads: with both, every namespace runs two wget, all behind one gate.
        var jobs = (load.HasDownload() ? namespaces.Select(ns => (Ns: ns, Direction: TransferDirection.Download)) : [])
            .Concat(load.HasUpload() ? namespaces.Select(ns => (Ns: ns, Direction: TransferDirection.Upload)) : [])
            .ToArray();
        using var gate = StartGate.For(jobs.Length, request);
        var uploadBytes = load.HasUpload() ? new FileInfo(request.UploadFilePath!).Length : 0;
        var clients = jobs.Select(j => new Client(j.Ns, j.Direction, _options.DotBytes, clock)).ToArray();
        GateResolver? resolver = null;
        Launch? downloadLaunch = null, uploadLaunch = null;
        var gated = false;
        try
        {
            // With a start instant the gate may also wait for it: the backstop must not fire before the release.
            var untilStart = request.StartAt is { } at && at > DateTimeOffset.UtcNow ? at - DateTimeOffset.UtcNow : TimeSpan.Zero;
            var hold = StartGate.LongestHold(jobs.Length) + untilStart;
            string? why = null;
            if (load.HasDownload())
            {
                (downloadLaunch, why) = PlanGate(request.Url, request, hold, GateHostName);
            }

            if (load.HasUpload() && why is null)
            {
                // The same server as the download: the same gate name; another address: a name of its own.
                var sameHost = !load.HasDownload() || string.Equals(request.Url.Host, request.UploadUrl!.Host, StringComparison.OrdinalIgnoreCase);
                (uploadLaunch, why) = PlanGate(request.UploadUrl!, request, hold, sameHost ? GateHostName : UploadGateHostName);
            }

            gated = why is null;
            if (gated)
            {
                var names = new List<(string, System.Net.IPAddress)>();
                try
                {
                    foreach (var (url, launch) in new[] { (request.Url, downloadLaunch), (request.UploadUrl, uploadLaunch) })
                    {
                        if (launch is not null && names.All(n => n.Item1 != launch.Url.IdnHost))
                        {
                            var target = await DownloadTarget.ResolveAsync(url!, namespaces[0], runner, cancellationToken, request.Family).ConfigureAwait(false);
                            names.Add((launch.Url.IdnHost, target.EndPoint.Address));
                        }
                    }
                }
                catch (DownloadTargetException e)
                {
                    return [.. clients.Select(c => c.Unresolved(e.Message, origin))];
                }

                // One responder per namespace answers both of its wget (two asking sockets: two arrivals).
                var distinct = namespaces.Distinct(StringComparer.Ordinal).ToArray();
                var byNamespace = distinct.Select(ns => clients.Where(c => c.Namespace == ns).ToArray()).ToArray();
                resolver = await GateResolver.StartAsync(
                    distinct, names, gate, i => byNamespace[i].FirstOrDefault(c => c.TryArrive(gate))).ConfigureAwait(false);
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
                var launch = client.IsUpload ? uploadLaunch : downloadLaunch;
                var command = BuildCommand(client.Namespace, request, client.Log.Path, gated ? launch : null, client.Direction) with
                {
                    // timeout's own complaints (e.g. wget missing) still come on stderr.
                    OnErrorLine = line => client.Parser.OnLine(line, clock.Elapsed),
                };
                client.Command = command.ToString();
                runs[i] = client.RunAsync(runner, command, gate, cancellationToken);
            }

            var timeouts = gated ? FireTimeoutsAsync(clients, gate, clock, request.Timeout, runner, cancellationToken) : Task.CompletedTask;
            await Task.WhenAll(runs).ConfigureAwait(false);
            await timeouts.ConfigureAwait(false);
            poller.Stop();
            var released = gate.ElapsedAtRelease(clock);
            var anchored = gate.AnchorOrigin(origin, released);
            return [.. clients.Select(c => Result(c, anchored, released, request, uploadBytes))];
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
    private static (Launch? Launch, string? Why) PlanGate(Uri target, DownloadRequest request, TimeSpan holdLimit, string gateHostName)
    {
        if (!Privileges.IsRoot)
        {
            return (null, "[start gate off: it needs root to open its resolver inside the client namespaces]");
        }

        var processTimeout = request.Timeout + holdLimit;
        if (target.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return (new Launch(target, null, processTimeout), null);
        }

        if (target.Scheme == Uri.UriSchemeHttps && request.CaCertificatePath is null)
        {
            return (null, "[start gate off: https to an address cannot be gated (the certificate would not name the gate); put a host name in Download:Url]");
        }

        var authority = target.IsDefaultPort ? target.Host : $"{target.Host}:{target.Port}";
        var url = new UriBuilder(target) { Host = gateHostName }.Uri;
        return (new Launch(url, authority, processTimeout), null);
    }

    /// <summary>
    /// At release + T, fires every gated client's timeout that is still running (see the remarks above). A running
    /// upload's wget is stopped first (SIGSTOP) and its connection read with `ss` in its namespace: what its kernel
    /// took (acknowledged plus still queued) and what the server acknowledged; a stopped wget hands the kernel
    /// nothing more, and `timeout` sends SIGCONT after its SIGTERM, so the wget ends where it was read.
    /// </summary>
    private static async Task FireTimeoutsAsync(
        Client[] clients, StartGate gate, Stopwatch clock, TimeSpan timeout, CommandRunner runner, CancellationToken cancellationToken)
    {
        await gate.Released.WaitAsync(cancellationToken).ConfigureAwait(false);
        var due = Stopwatch.GetElapsedTime(gate.ReleasedTimestamp);
        while (timeout - due > TimeSpan.Zero && !clients.All(c => c.Exited))
        {
            var wait = timeout - due;
            await Task.Delay(wait < TimeSpan.FromMilliseconds(200) ? wait : TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            due = Stopwatch.GetElapsedTime(gate.ReleasedTimestamp);
        }

        var running = clients.Where(c => !c.Exited && c.Pid is > 0).ToArray();
        foreach (var client in running.Where(c => !c.IsUpload))
        {
            Posix.TrySignal(client.Pid!.Value, Posix.SIGALRM);
        }

        var uploads = running.Where(c => c.IsUpload).ToArray();
        var stopped = uploads.Select(c => (Client: c, Wget: WgetUploadSocket.ChildOf(c.Pid!.Value))).ToArray();
        foreach (var (_, wget) in stopped)
        {
            if (wget is { } pid)
            {
                Posix.TrySignal(pid, Posix.SIGSTOP);
            }
        }

        try
        {
            await Task.WhenAll(stopped.Select(async s =>
            {
                if (s.Wget is { } pid)
                {
                    s.Client.Kernel = await WgetUploadSocket.ReadAsync(runner, s.Client.Namespace, pid, cancellationToken).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);
        }
        finally
        {
            foreach (var client in uploads)
            {
                Posix.TrySignal(client.Pid!.Value, Posix.SIGALRM);
            }
        }
    }

    private ClientDownloadResult Result(Client client, DateTimeOffset origin, TimeSpan released, DownloadRequest request, long uploadBytes)
    {
        if (client.Missing is { } missing)
        {
            return Missing(client.Namespace, missing, origin + client.Spawned) with { Direction = client.Direction };
        }

        var result = client.Result!;
        var start = client.IsGated ? released : client.Spawned;
        var seconds = Math.Max(0, (client.ExitedAt - start).TotalSeconds);
        var parser = client.Parser;
        var outcome = Classify(result.ExitCode, parser);
        var (bytes, exact, resolution, acked) = client.IsUpload
            ? UploadBytes(client, outcome, uploadBytes)
            : (parser.Bytes, parser.BytesExact, parser.BytesExact ? 0 : _options.DotBytes, (long?)null);
        var progress = client.IsUpload
            ? (IReadOnlyList<TransferProgress>)[new TransferProgress(client.ExitedAt - start, bytes)]
            : [.. parser.Progress.Where(p => p.Elapsed >= start).Select(p => p with { Elapsed = p.Elapsed - start })];
        return new ClientDownloadResult
        {
            Namespace = client.Namespace,
            Direction = client.Direction,
            Success = outcome == DownloadOutcome.Ok,
            Duration = Math.Round(seconds, 3),
            Interrupted = outcome == DownloadOutcome.Timeout,
            Stdout = result.StandardOutput,
            Stderr = (client.Note is null ? parser.Messages : client.Note + "\n" + parser.Messages) + BrokenBody(client, outcome),
            Bytes = bytes,
            BytesExact = exact,
            BytesResolution = resolution,
            BytesAcked = acked,
            Mbps = seconds > 0 ? Math.Round(bytes * 8 / seconds / 1e6, 3) : 0,
            ExitCode = result.ExitCode,
            Outcome = outcome,
            HttpStatus = outcome == DownloadOutcome.HttpError ? parser.HttpStatus : null,
            Engine = Name,
            StartedAt = origin + start,
            SpawnedAt = origin + client.Spawned,
            Gated = client.IsGated,
            Command = client.Command,
            Progress = progress,
            TimeToResponse = parser.ResponseAt is { } at ? Math.Round(Math.Max(0, (at - start).TotalSeconds), 4) : null,
            ServerAddress = parser.ConnectedTo?.ToString(),
        };
    }

    /// <summary>wget says nothing when writing the body fails ("Giving up."): the cause, for a person reading.</summary>
    private static string BrokenBody(Client client, DownloadOutcome outcome) =>
        client.IsUpload && outcome == DownloadOutcome.NetworkFailure && client.Parser.BodyStarted && !client.Parser.BodySent
            ? "[the upload's body could not all be written: the server closed or reset the connection under it]\n"
            : "";

    /// <summary>
    /// An upload's body bytes. wget prints no upload progress, so: the whole file once wget says the body was written
    /// (exact); for one the timeout interrupted, its kernel's count read just before (exact: the wget was stopped
    /// while it was read); otherwise (the connection broke under the body) unknown: 0, with the file's size as the
    /// uncertainty, rather than a guess.
    /// </summary>
    private static (long Bytes, bool Exact, long Resolution, long? Acked) UploadBytes(Client client, DownloadOutcome outcome, long fileBytes)
    {
        var parser = client.Parser;
        if (outcome == DownloadOutcome.Ok || parser.BodySent)
        {
            return (fileBytes, true, 0, client.Kernel is { } k && parser.RequestHeadBytes is { } h ? Math.Max(0, k.Acked - h) : null);
        }

        if (client.Kernel is { } kernel && parser.RequestHeadBytes is { } head)
        {
            return (Math.Max(0, kernel.Written - head), true, 0, Math.Max(0, kernel.Acked - head));
        }

        return parser.RequestHeadBytes is null ? (0, true, 0, null) : (0, false, fileBytes, null);
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

        public Client(string namespaceName, TransferDirection direction, long dotBytes, Stopwatch clock)
        {
            _clock = clock;
            Namespace = namespaceName;
            Direction = direction;
            Parser = new WgetOutputParser(dotBytes, upload: direction == TransferDirection.Upload);
            Log = new WgetLog(namespaceName, line => Parser.OnLine(line, clock.Elapsed));
        }

        public string Namespace { get; }

        public TransferDirection Direction { get; }

        public bool IsUpload => Direction == TransferDirection.Upload;

        /// <summary>An interrupted upload's connection as its kernel counted it just before the timeout fired.</summary>
        public (long Written, long Acked)? Kernel { get; set; }

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

        /// <summary>This client asked the gate; false when it already had (or left).</summary>
        public bool TryArrive(StartGate gate)
        {
            if (Interlocked.CompareExchange(ref _state, AtGate, Waiting) != Waiting)
            {
                return false;
            }

            gate.Arrive();
            return true;
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
            ClientDownloadResult.NoTransfer(Namespace, "wget", "getent ahostsv4", at, 0, DownloadOutcome.DnsFailure, WgetDnsExit, message) with { Direction = Direction };
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
