using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Win32.SafeHandles;
using NetnsBdd.Drivers.Interop;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// The clients' transfers read in this process: per client a TCP socket made inside its namespace (one setns thread for
/// all, see <see cref="NamespaceSockets"/>), connected (and for https, TLS-authenticated with certificates verified)
/// before the start; at the gate's release every client's HTTP/1.1 request is sent in one loop, and the bodies are
/// read asynchronously with one shared receive buffer. No process per client, so neither spawning nor a client
/// process's CPU distorts the run, and every byte count is exact, also for a client cut by the timeout.
/// </summary>
/// <remarks>
/// Exit codes mirror wget's so the results read the same: 0 ok, 4 network failure (refused, unreachable, broken), 5
/// TLS, 8 HTTP error, 124 timeout, 1 anything else. Diagnostics are wget-like lines. Responses with a Content-Length
/// or ended by the server's close are read; a chunked response is reported as Other (static files are not chunked).
/// </remarks>
public sealed class NativeEngine(CommandRunner runner, NativeOptions? options = null) : IDownloadEngine
{
    private const int TimeoutExit = 124;
    private const int NetworkExit = 4;
    private const int TlsExit = 5;
    private const int ServerErrorExit = 8;
    private const int OtherExit = 1;
    private const int MaxHeaderBytes = 64 * 1024;

    // https uploads read the file into TLS in chunks this size (a few TLS records each).
    private const int TlsChunkBytes = 256 * 1024;

    private readonly NativeOptions _options = options ?? new NativeOptions();

    public string Name => "native";

    public IReadOnlyList<string> RequiredTools => [];

    public async Task<IReadOnlyList<ClientDownloadResult>> RunAllAsync(
        IReadOnlyList<string> namespaces, DownloadRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var origin = DateTimeOffset.UtcNow;
        var load = request.Load;

        // Downloads first, then uploads: with both, every namespace has two clients, all behind one gate.
        var jobs = (load.HasDownload() ? namespaces.Select(ns => (Ns: ns, Direction: TransferDirection.Download)) : [])
            .Concat(load.HasUpload() ? namespaces.Select(ns => (Ns: ns, Direction: TransferDirection.Upload)) : [])
            .ToArray();
        Leg? download = null, upload = null;
        try
        {
            if (load.HasDownload())
            {
                var target = await DownloadTarget.ResolveAsync(request.Url, namespaces[0], runner, cancellationToken, request.Family).ConfigureAwait(false);
                download = new Leg(TransferDirection.Download, target, GetBytes(target), 0);
            }

            if (load.HasUpload())
            {
                var url = request.UploadUrl ?? throw new ArgumentException("An upload needs DownloadRequest.UploadUrl.", nameof(request));
                var path = request.UploadFilePath ?? throw new ArgumentException("An upload needs DownloadRequest.UploadFilePath.", nameof(request));
                var size = new FileInfo(path).Length;
                var target = await DownloadTarget.ResolveAsync(url, namespaces[0], runner, cancellationToken, request.Family).ConfigureAwait(false);
                upload = new Leg(TransferDirection.Upload, target, PostBytes(target, size), size);
            }
        }
        catch (DownloadTargetException e)
        {
            return [.. jobs.Select(j => Failed(j.Ns, request, j.Direction, origin, 0, DownloadOutcome.DnsFailure, NetworkExit, e.Message))];
        }

        using var gate = StartGate.For(jobs.Length, request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var legs = jobs.Select(j => j.Direction == TransferDirection.Download ? download! : upload!).ToArray();
        var sockets = await NamespaceSockets.CreateAsync([.. jobs.Select(j => j.Ns)], MakeSocket(legs)).ConfigureAwait(false);
        var trust = request.CaCertificatePath is { } ca ? X509CertificateLoader.LoadCertificateFromFile(ca) : null;
        using var file = upload is not null && upload.Target.Url.Scheme == Uri.UriSchemeHttps
            ? File.OpenHandle(request.UploadFilePath!, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous)
            : null;
        using var pacing = new ConnectPacing(_options.ConnectConcurrency);
        var shared = new Shared(request, trust, new byte[_options.ReceiveBytes], _options, clock, gate, deadline, pacing, file);
        var clients = jobs.Select((j, i) => new Client(j.Ns, legs[i], sockets[i].Socket, sockets[i].Error, shared)).ToArray();
        try
        {
            // The timeout counts from the release for every client (a connection still being made then included).
            _ = gate.Released.ContinueWith(
                _ => deadline.CancelAfter(request.Timeout - Stopwatch.GetElapsedTime(gate.ReleasedTimestamp)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var runs = clients.Select(c => c.RunAsync()).ToArray();
            using var sampler = new Sampler(clients, gate, _options.SampleInterval);
            await Task.WhenAll(runs).ConfigureAwait(false);
            sampler.Stop();

            // A cancelled run is not a set of timeouts: the caller asked to stop, as wget's runner reports it.
            cancellationToken.ThrowIfCancellationRequested();
            var released = gate.ElapsedAtRelease(clock);
            var anchored = gate.AnchorOrigin(origin, released);
            return [.. clients.Select(c => c.Result(anchored, released))];
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            trust?.Dispose();
        }
    }

    /// <summary>Makes the <c>i</c>-th socket in its namespace; called on the setns thread, once per job in order.</summary>
    private static Func<string, Socket> MakeSocket(Leg[] legs)
    {
        var next = 0;
        return _ => legs[next++].MakeSocket();
    }

    private static byte[] GetBytes(DownloadTarget target) => Encoding.ASCII.GetBytes(
        $"GET {target.Url.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nUser-Agent: NetnsBdd-native\r\nAccept: */*\r\n" +
        "Accept-Encoding: identity\r\nConnection: close\r\n\r\n");

    private static byte[] PostBytes(DownloadTarget target, long size) => Encoding.ASCII.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"POST {target.Url.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nUser-Agent: NetnsBdd-native\r\nAccept: */*\r\n" +
        $"Content-Type: application/octet-stream\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"));

    private static string CommandOf(DownloadRequest request, TransferDirection direction, string ns) => direction == TransferDirection.Upload
        ? $"native POST {request.UploadUrl?.AbsoluteUri} in {ns}"
        : $"native GET {request.Url.AbsoluteUri} in {ns}";

    private ClientDownloadResult Failed(
        string ns, DownloadRequest request, TransferDirection direction, DateTimeOffset at, double seconds, DownloadOutcome outcome, int exit, string message) =>
        ClientDownloadResult.NoTransfer(ns, Name, CommandOf(request, direction, ns), at, seconds, outcome, exit, message) with { Direction = direction };

    /// <summary>
    /// One direction's target and request head: a GET of the download URL, or a POST of <see cref="BodyBytes"/> (the
    /// upload file's length) to the upload URL.
    /// </summary>
    private sealed record Leg(TransferDirection Direction, DownloadTarget Target, byte[] Head, long BodyBytes)
    {
        public bool IsUpload => Direction == TransferDirection.Upload;

        public Socket MakeSocket() => new(Target.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    }

    /// <summary>What every client of one run shares: request, trust, the discard buffer, clock, gate, deadline, the upload file (https).</summary>
    private sealed record Shared(
        DownloadRequest Request, X509Certificate2? Trust, byte[] Sink, NativeOptions Options, Stopwatch Clock, StartGate Gate,
        CancellationTokenSource Deadline, ConnectPacing Pacing, SafeFileHandle? UploadFile);

    private sealed class Client(string namespaceName, Leg leg, Socket? socket, Exception? socketError, Shared shared) : IDisposable
    {
        private readonly StringBuilder _messages = new();
        private readonly List<TransferProgress> _progress = [];
        private Socket? _socket = socket;
        private SslStream? _tls;
        private long _bytes;
        private long _acked = -1;
        private int _fd = -1;
        private Exception? _sendError;
        private int _arrivedOrLeft;

        public string Namespace => namespaceName;

        public TimeSpan Spawned { get; private set; }

        public TimeSpan? FirstByte { get; private set; }

        public TimeSpan Ended { get; private set; }

        public bool Gated { get; private set; }

        public bool Done { get; private set; }

        public long Bytes => Interlocked.Read(ref _bytes);

        private DownloadOutcome _outcome = DownloadOutcome.Other;
        private int _exitCode = OtherExit;
        private int? _status;

        public async Task RunAsync()
        {
            Spawned = shared.Clock.Elapsed;
            var token = shared.Deadline.Token;
            try
            {
                if (_socket is null)
                {
                    throw new InvalidOperationException($"Cannot make a socket in {namespaceName}: {socketError?.Message}", socketError);
                }

                await ConnectAsync(token).ConfigureAwait(false);
                if (leg.Target.Url.Scheme == Uri.UriSchemeHttps)
                {
                    _tls = new SslStream(new NetworkStream(_socket, ownsSocket: false), leaveInnerStreamOpen: false);
                    await _tls.AuthenticateAsClientAsync(TlsOptions(), token).ConfigureAwait(false);
                }

                _fd = (int)_socket.Handle;
                Arrive();
                await shared.Gate.Released.WaitAsync(token).ConfigureAwait(false);
                if (_sendError is not null)
                {
                    throw _sendError;
                }

                if (leg.IsUpload)
                {
                    await UploadAsync(token).ConfigureAwait(false);
                }
                else
                {
                    _messages.Append("HTTP request sent, awaiting response... ");
                    await ReadResponseAsync(token).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                Classify(e);
            }
            finally
            {
                // Before anything closes the socket: a disconnect resets the kernel's figures.
                ReadKernelCounts();
                Ended = shared.Clock.Elapsed;
                Leave();
                Done = true;
            }
        }

        private System.Net.IPAddress? _connectedTo;

        public ClientDownloadResult Result(DateTimeOffset origin, TimeSpan released)
        {
            var start = Gated ? released : Spawned;
            var seconds = Math.Max(0, (Ended - start).TotalSeconds);
            var bytes = Bytes;
            List<TransferProgress> points;
            lock (_progress)
            {
                points = [.. _progress.Where(p => p.Elapsed >= start).Select(p => p with { Elapsed = p.Elapsed - start })];
            }

            points.Add(new TransferProgress(Ended - start, bytes));
            return new ClientDownloadResult
            {
                Namespace = namespaceName,
                Success = _outcome == DownloadOutcome.Ok,
                Duration = Math.Round(seconds, 3),
                Interrupted = _outcome == DownloadOutcome.Timeout,
                Stdout = "",
                Stderr = _messages.ToString(),
                Bytes = bytes,
                BytesExact = true,
                BytesResolution = 0,
                Mbps = seconds > 0 ? Math.Round(bytes * 8 / seconds / 1e6, 3) : 0,
                ExitCode = _exitCode,
                Outcome = _outcome,
                HttpStatus = _outcome == DownloadOutcome.HttpError ? _status : null,
                Engine = "native",
                StartedAt = origin + start,
                SpawnedAt = origin + Spawned,
                Gated = Gated,
                Command = CommandOf(shared.Request, leg.Direction, namespaceName),
                Direction = leg.Direction,
                BytesAcked = leg.IsUpload && _acked >= 0 ? _acked : null,
                Progress = points,
                TimeToResponse = FirstByte is { } first ? Math.Round(Math.Max(0, (first - start).TotalSeconds), 4) : null,
                ServerAddress = _connectedTo?.ToString(),
            };
        }

        /// <summary>Called by the sampler: one progress point now, on the run's clock.</summary>
        public void Sample()
        {
            ReadKernelCounts();
            lock (_progress)
            {
                _progress.Add(new TransferProgress(shared.Clock.Elapsed, Bytes));
            }
        }

        public void Dispose()
        {
            lock (_progress)
            {
                _fd = -1;
            }

            _tls?.Dispose();
            _socket?.Dispose();
        }

        /// <summary>
        /// Connects while holding one of the run's connect slots, so the clients' first packets go out a few at a
        /// time: every client's first connect makes an ARP broadcast that the lab's bridge floods to every other
        /// client's port, and 500 of them at once overflowed the host's per-CPU backlog (netdev_max_backlog, 1000
        /// here), dropping ARP replies until clients gave up with "No route to host" after 3 s. An attempt that fails
        /// as unreachable or takes longer than <see cref="NativeOptions.ConnectAttemptTimeout"/> is retried on a new
        /// socket (.NET cannot reuse a socket whose connect failed) while the gate is shut, up to
        /// <see cref="NativeOptions.ConnectAttempts"/> attempts in all; such a failure also lifts the pacing for the
        /// whole run (<see cref="ConnectPacing"/>), so an unreachable server fails every client in one attempt time, not
        /// one client after another.
        /// </summary>
        private async Task ConnectAsync(CancellationToken token)
        {
            var attempts = Math.Max(1, shared.Options.ConnectAttempts);
            for (var attempt = 1; ; attempt++)
            {
                Line($"Connecting to {leg.Target.EndPoint}... ");
                SocketError failure;
                using (await shared.Pacing.EnterAsync(token).ConfigureAwait(false))
                using (var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    attemptLimit.CancelAfter(shared.Options.ConnectAttemptTimeout);
                    try
                    {
                        await _socket!.ConnectAsync(leg.Target.EndPoint, attemptLimit.Token).ConfigureAwait(false);
                        _connectedTo = leg.Target.EndPoint.Address;
                        _messages.Append("connected.\n");
                        return;
                    }
                    catch (SocketException e) when (e.SocketErrorCode is SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut)
                    {
                        failure = e.SocketErrorCode;
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        failure = SocketError.TimedOut;
                    }
                }

                shared.Pacing.Lift();
                if (attempt >= attempts || shared.Gate.IsOpen)
                {
                    throw new SocketException((int)failure);
                }

                _messages.Append(CultureInfo.InvariantCulture, $"failed: {failure} (attempt {attempt} of {attempts}); again on a new socket.\n");
                _socket!.Dispose();
                var fresh = (await NamespaceSockets.CreateAsync([namespaceName], _ => leg.MakeSocket()).ConfigureAwait(false))[0];
                _socket = fresh.Socket ?? throw new InvalidOperationException($"Cannot make a socket in {namespaceName}: {fresh.Error?.Message}", fresh.Error);
            }
        }

        private SslClientAuthenticationOptions TlsOptions()
        {
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = leg.Target.Url.IdnHost,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            };
            if (shared.Trust is { } ca)
            {
                // The lab's own CA is the only root trusted; name and dates are still checked.
                var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                policy.CustomTrustStore.Add(ca);
                options.CertificateChainPolicy = policy;
            }

            return options;
        }

        private void Arrive()
        {
            if (Interlocked.Exchange(ref _arrivedOrLeft, 1) != 0)
            {
                return;
            }

            Gated = !shared.Gate.IsOpen;
            shared.Gate.OnRelease(SendRequest);
            shared.Gate.Arrive();
        }

        private void Leave()
        {
            if (Interlocked.Exchange(ref _arrivedOrLeft, 1) == 0)
            {
                shared.Gate.Leave();
            }
        }

        /// <summary>Runs on the releasing thread: a plain send (or one TLS record), no await.</summary>
        private void SendRequest()
        {
            try
            {
                if (_tls is not null)
                {
                    _tls.Write(leg.Head);
                }
                else
                {
                    _socket!.Send(leg.Head);
                }
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
            {
                _sendError = e;
            }
        }

        private async Task ReadResponseAsync(CancellationToken token)
        {
            var (status, reason, length, chunked, inHead) = await ReadHeadAsync(token).ConfigureAwait(false);
            _status = status;
            _messages.Append(CultureInfo.InvariantCulture, $"{status} {reason}\n");
            if (status is < 200 or > 299)
            {
                _messages.Append(CultureInfo.InvariantCulture, $"ERROR {status}: {reason}.\n");
                (_outcome, _exitCode) = (DownloadOutcome.HttpError, ServerErrorExit);
                return;
            }

            if (chunked)
            {
                throw new ProtocolException("The server sent a chunked body, which the native engine does not read; use the wget engine for this server.");
            }

            _messages.Append(length is { } l ? string.Create(CultureInfo.InvariantCulture, $"Length: {l}\n") : "Length: unspecified\n");
            Interlocked.Add(ref _bytes, inHead);
            var copy = _tls is not null || !shared.Options.DiscardWithoutCopy;
            while (length is null || Bytes < length)
            {
                var want = length is { } total ? (int)Math.Min(shared.Sink.Length, total - Bytes) : shared.Sink.Length;
                var read = await ReceiveAsync(shared.Sink.AsMemory(0, want), copy, token).ConfigureAwait(false);
                if (read == 0)
                {
                    if (length is null)
                    {
                        break;
                    }

                    throw new ProtocolException(string.Create(CultureInfo.InvariantCulture, $"Connection closed at byte {Bytes}."));
                }

                Interlocked.Add(ref _bytes, read);
            }

            _messages.Append(CultureInfo.InvariantCulture, $"saved [{Bytes}{(length is { } n ? "/" + n.ToString(CultureInfo.InvariantCulture) : "")}]\n");
            (_outcome, _exitCode) = (DownloadOutcome.Ok, 0);
        }

        /// <summary>
        /// Reads the response head; a download's first response byte is its <see cref="FirstByte"/>. Returns the
        /// body bytes that came with the head.
        /// </summary>
        private async Task<(int Status, string Reason, long? Length, bool Chunked, int InHead)> ReadHeadAsync(CancellationToken token)
        {
            var head = new byte[8 * 1024];
            var filled = 0;
            int end;
            while ((end = HeaderEnd(head.AsSpan(0, filled))) < 0)
            {
                if (filled == head.Length)
                {
                    if (head.Length >= MaxHeaderBytes)
                    {
                        throw new ProtocolException($"Response headers longer than {MaxHeaderBytes} bytes.");
                    }

                    Array.Resize(ref head, head.Length * 2);
                }

                var read = await ReceiveAsync(head.AsMemory(filled), copy: true, token).ConfigureAwait(false);
                if (!leg.IsUpload)
                {
                    FirstByte ??= shared.Clock.Elapsed;
                }

                if (read == 0)
                {
                    throw new ProtocolException(filled == 0 ? "No data received." : "Connection closed inside the response headers.");
                }

                filled += read;
            }

            var (status, reason, length, chunked) = ParseHead(Encoding.ASCII.GetString(head, 0, end));
            return (status, reason, length, chunked, filled - end - 4);
        }

        /// <summary>
        /// An upload after the gate sent its head: the body goes out (sendfile for http, the file read in chunks into
        /// TLS for https) while the response is awaited beside it, so a server that refuses the body early (405, 413)
        /// is heard even when it closes the connection under the body. A 2xx before the body is all sent (nginx answers
        /// and discards the rest) lets the body finish; anything else stops it.
        /// </summary>
        private async Task UploadAsync(CancellationToken token)
        {
            _messages.Append(CultureInfo.InvariantCulture, $"HTTP request sent, uploading {leg.BodyBytes} bytes, awaiting response... ");
            using var stopSend = CancellationTokenSource.CreateLinkedTokenSource(token);
            var response = ReadHeadAsync(token);
            _ = response.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            var send = SendBodyAsync(stopSend.Token);
            if (await Task.WhenAny(send, response).ConfigureAwait(false) == response && !send.IsCompleted
                && !(response.IsCompletedSuccessfully && response.Result.Status is >= 200 and <= 299))
            {
                await stopSend.CancelAsync().ConfigureAwait(false);
            }

            Exception? sendFailure = null;
            try
            {
                await send.ConfigureAwait(false);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                sendFailure = e;
            }

            (int Status, string Reason, long? Length, bool Chunked, int InHead) head;
            try
            {
                // After a broken send the server's answer, if it gave one, is already on its way or in the buffer.
                head = sendFailure is null
                    ? await response.ConfigureAwait(false)
                    : await response.WaitAsync(TimeSpan.FromSeconds(2), token).ConfigureAwait(false);
            }
            catch (Exception) when (sendFailure is not null && !token.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sendFailure);
                throw;
            }

            ReadKernelCounts();
            _status = head.Status;
            _messages.Append(CultureInfo.InvariantCulture, $"{head.Status} {head.Reason}\n");
            if (head.Status is < 200 or > 299)
            {
                _messages.Append(CultureInfo.InvariantCulture, $"ERROR {head.Status}: {head.Reason} (after {Bytes} of {leg.BodyBytes} body bytes).\n");
                (_outcome, _exitCode) = (DownloadOutcome.HttpError, ServerErrorExit);
                return;
            }

            if (sendFailure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sendFailure);
            }

            await WaitUntilAcknowledgedAsync(token).ConfigureAwait(false);
            _messages.Append(CultureInfo.InvariantCulture, $"uploaded [{Bytes}/{leg.BodyBytes}]\n");
            (_outcome, _exitCode) = (DownloadOutcome.Ok, 0);
        }

        /// <summary>
        /// The body: zero-copy with sendfile from the upload file for http; for https the file is read in chunks into
        /// the TLS stream (TLS must encrypt every byte). The first body byte handed to the kernel is the upload's
        /// <see cref="FirstByte"/>.
        /// </summary>
        private async Task SendBodyAsync(CancellationToken token)
        {
            FirstByte = shared.Clock.Elapsed;
            if (_tls is null)
            {
                await _socket!.SendFileAsync(shared.Request.UploadFilePath, token).ConfigureAwait(false);
                RaiseBytes(leg.BodyBytes);
                return;
            }

            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(TlsChunkBytes);
            try
            {
                for (long offset = 0; offset < leg.BodyBytes;)
                {
                    var want = (int)Math.Min(TlsChunkBytes, leg.BodyBytes - offset);
                    var read = await RandomAccess.ReadAsync(shared.UploadFile!, buffer.AsMemory(0, want), offset, token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"The upload file {shared.Request.UploadFilePath} ended at byte {offset} of {leg.BodyBytes}: it changed during the run."));
                    }

                    await _tls.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
                    offset += read;
                    RaiseBytes(offset);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// A server that answers 2xx before reading the body (nginx's <c>return 204</c> discards the rest) leaves part of
        /// it in this socket's send queue when the answer arrives: the upload ends only when the server's kernel has
        /// acknowledged every byte (the send queue is empty), so its duration, and its Mbit/s, are the link's, not the
        /// size of a send buffer. A server that answers after the body (the lab's) finds the queue empty already. http
        /// only: TLS keeps no such count.
        /// </summary>
        private async Task WaitUntilAcknowledgedAsync(CancellationToken token)
        {
            while (_tls is null && Unacknowledged() is > 0)
            {
                await Task.Delay(AckPollInterval, token).ConfigureAwait(false);
            }

            ReadKernelCounts();
        }

        private static readonly TimeSpan AckPollInterval = TimeSpan.FromMilliseconds(2);

        /// <summary>Under the lock that closing the socket takes, so the descriptor is this socket's.</summary>
        private long? Unacknowledged()
        {
            lock (_progress)
            {
                return _fd < 0 ? null : TcpInfo.Unacknowledged(_fd);
            }
        }

        /// <summary>
        /// An http upload's counts from its socket's kernel: body bytes handed to it (acknowledged plus still queued,
        /// minus the head) and body bytes the server acknowledged. The highest seen is kept: both only grow while the
        /// connection lives. https: TLS records are not body bytes, so the engine's own count of its writes is used.
        /// </summary>
        private void ReadKernelCounts()
        {
            if (!leg.IsUpload || _tls is not null || Volatile.Read(ref _fd) < 0)
            {
                return;
            }

            lock (_progress)
            {
                if (_fd < 0 || TcpInfo.Sent(_fd) is not { } sent)
                {
                    return;
                }

                // Not capped at the body's length: a count above it would be a miscount the tests must see.
                var head = leg.Head.Length;
                RaiseBytes(Math.Max(0, sent.Written - head));
                _acked = Math.Max(_acked, Math.Max(0, sent.Acked - head));
            }
        }

        private void RaiseBytes(long bytes)
        {
            long seen;
            while ((seen = Interlocked.Read(ref _bytes)) < bytes && Interlocked.CompareExchange(ref _bytes, bytes, seen) != seen)
            {
            }
        }

        private ValueTask<int> ReceiveAsync(Memory<byte> buffer, bool copy, CancellationToken token) =>
            _tls is not null
                ? _tls.ReadAsync(buffer, token)
                : _socket!.ReceiveAsync(buffer, copy ? SocketFlags.None : SocketFlags.Truncated, token);

        private void Classify(Exception e)
        {
            var bytes = Bytes;
            if (e is OperationCanceledException && shared.Deadline.IsCancellationRequested)
            {
                _messages.Append("\n[killed by the timeout]\n");
                (_outcome, _exitCode) = (DownloadOutcome.Timeout, TimeoutExit);
                return;
            }

            var socketError = e as SocketException ?? e.InnerException as SocketException;
            (_outcome, _exitCode) = (e, socketError?.SocketErrorCode) switch
            {
                (_, SocketError.ConnectionRefused) => (DownloadOutcome.ConnectionRefused, NetworkExit),
                (_, SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut) => (DownloadOutcome.Unreachable, NetworkExit),
                (AuthenticationException, _) => (DownloadOutcome.TlsError, TlsExit),
                (_, SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown) => (DownloadOutcome.NetworkFailure, NetworkExit),
                (ProtocolException, _) => (DownloadOutcome.NetworkFailure, NetworkExit),
                (IOException, _) => (DownloadOutcome.NetworkFailure, NetworkExit),
                _ => (DownloadOutcome.Other, OtherExit),
            };
            var what = socketError?.Message ?? e.Message;
            _messages.Append(_outcome switch
            {
                DownloadOutcome.ConnectionRefused or DownloadOutcome.Unreachable => $"failed: {what}.\n",
                DownloadOutcome.TlsError => $"\nUnable to establish SSL connection: {e.Message}\n",
                _ when FirstByte is not null => string.Create(CultureInfo.InvariantCulture, $"\n{(leg.IsUpload ? "Write" : "Read")} error at byte {bytes} ({what}).\n"),
                _ => $"\n{e.GetType().Name}: {e.Message}\n",
            });
        }

        private void Line(string text) => _messages.Append(text);

        private static int HeaderEnd(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);

        private static (int Status, string Reason, long? Length, bool Chunked) ParseHead(string head)
        {
            var lines = head.Split("\r\n");
            var first = lines[0].Split(' ', 3);
            if (first.Length < 2 || !first[0].StartsWith("HTTP/", StringComparison.Ordinal)
                || !int.TryParse(first[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                throw new ProtocolException($"Not an HTTP response: '{lines[0]}'.");
            }

            long? length = null;
            var chunked = false;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                    && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    length = n;
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                         && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = true;
                }
            }

            return (status, first.Length > 2 ? first[2] : "", length, chunked);
        }
    }

    /// <summary>A response that is not HTTP/1.1 as the engine reads it.</summary>
    private sealed class ProtocolException(string message) : Exception(message);

    /// <summary>Samples every client's byte counter from the release on, every <c>interval</c>, on one timer.</summary>
    private sealed class Sampler : IDisposable
    {
        private readonly Client[] _clients;
        private readonly StartGate _gate;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Sampler(Client[] clients, StartGate gate, TimeSpan interval)
        {
            _clients = clients;
            _gate = gate;
            _loop = LoopAsync(interval);
        }

        public void Stop()
        {
            _stop.Cancel();
            try
            {
                _loop.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Stopped: the point of Stop.
            }
        }

        public void Dispose()
        {
            if (!_stop.IsCancellationRequested)
            {
                Stop();
            }

            _stop.Dispose();
        }

        private async Task LoopAsync(TimeSpan interval)
        {
            await _gate.Released.WaitAsync(_stop.Token).ConfigureAwait(false);
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                foreach (var client in _clients)
                {
                    if (!client.Done)
                    {
                        client.Sample();
                    }
                }
            }
        }
    }
}
