using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// Live per-request counters, read as immutable snapshots. A counter is a plain field bumped by the one request
/// that owns it and read with Volatile by snapshots, so counting costs nothing measurable next to the write itself.
/// </summary>
internal sealed class TransferLog
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private long _nextId;
    private TaskCompletionSource _changed = NewSignal();

    public Entry Begin(string remoteAddress, string method, string path, string? rangeHeader)
    {
        var entry = new Entry(this, Interlocked.Increment(ref _nextId), remoteAddress, method, path, rangeHeader, DateTimeOffset.UtcNow);
        _entries[entry.Id] = entry;
        Pulse();
        return entry;
    }

    public ImmutableArray<Transfer> Snapshot() =>
        [.. _entries.Values.Select(entry => entry.ToTransfer()).OrderBy(transfer => transfer.Id)];

    public void Clear() => _entries.Clear();

    /// <summary>The smoothed RTT of every running transfer's connection that the kernel reports one for.</summary>
    public IReadOnlyList<(string RemoteAddress, TimeSpan Rtt)> LiveRoundTrips() =>
        [.. _entries.Values.Select(e => (e.RemoteAddress, Rtt: e.LiveRtt)).Where(r => r.Rtt is not null).Select(r => (r.RemoteAddress, r.Rtt!.Value))];

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for a snapshot. Starts and finishes wake it at once; byte
    /// progress (deliberately not signalled, it is the hot path) is re-checked every <see cref="PollInterval"/>.
    /// </summary>
    public async Task<ImmutableArray<Transfer>> WaitAsync(
        Func<ImmutableArray<Transfer>, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _changed).Task;
            var snapshot = Snapshot();
            if (condition(snapshot))
            {
                return snapshot;
            }

            await Task.WhenAny(signal, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private void Pulse() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal sealed class Entry(
        TransferLog log, long id, string remoteAddress, string method, string path, string? rangeHeader, DateTimeOffset start)
    {
        private long _bytesWritten;
        private long _bytesReceived;
        private long _bodyLength;
        private int _statusCode;
        private int _outcome = (int)TransferOutcome.InProgress;
        private DateTimeOffset? _end;
        private AckedBytes? _acks;
        private long _ackedBefore;
        private long _headBytes = -1;

        public long Id { get; } = id;

        public string RemoteAddress => remoteAddress;

        /// <summary>Null once the transfer ended (its connection may carry the next request) or without tcp_info.</summary>
        public TimeSpan? LiveRtt
        {
            get
            {
                lock (this)
                {
                    return _outcome == (int)TransferOutcome.InProgress ? _acks?.SmoothedRtt : null;
                }
            }
        }

        public long BytesWritten => Volatile.Read(ref _bytesWritten);

        public void Respond(int statusCode, long bodyLength)
        {
            Volatile.Write(ref _statusCode, statusCode);
            Volatile.Write(ref _bodyLength, bodyLength);
        }

        public void Wrote(int bytes) => Volatile.Write(ref _bytesWritten, _bytesWritten + bytes);

        public void Received(long bytes) => Volatile.Write(ref _bytesReceived, _bytesReceived + bytes);

        /// <summary>Reads the acknowledged count now, so a reset of the kernel's counter at close cannot lose it all.</summary>
        public void PollAcks()
        {
            lock (this)
            {
                _ = _acks?.Current;
            }
        }

        /// <summary>
        /// Counts the peer's acknowledgements from now on (the connection's earlier responses were all acknowledged:
        /// the client sent this request only after reading them, and the request carries the ACK).
        /// </summary>
        public void TrackAcks(AckedBytes acks)
        {
            lock (this)
            {
                _acks = acks;
                _ackedBefore = acks.Current;
            }
        }

        public void HeadSent(long bytes)
        {
            lock (this)
            {
                _headBytes = bytes;
            }
        }

        /// <summary>
        /// Body bytes the client's kernel acknowledged. Capped at what was written: on a kept-alive connection the
        /// counter goes on with the next response, and this one's bytes were all acknowledged before that began.
        /// </summary>
        private long? BytesAcked()
        {
            if (_acks is null)
            {
                return null;
            }

            if (_headBytes < 0)
            {
                // The handler never started the response, so no body byte went out (Kestrel sends the head after).
                return 0;
            }

            return Math.Clamp(_acks.Current - _ackedBefore - _headBytes, 0, BytesWritten);
        }

        public void Finish(TransferOutcome outcome)
        {
            lock (this)
            {
                if (_outcome != (int)TransferOutcome.InProgress)
                {
                    return;
                }

                _end = DateTimeOffset.UtcNow;
                _outcome = (int)outcome;
            }

            log.Pulse();
        }

        public Transfer ToTransfer()
        {
            lock (this)
            {
                return new Transfer(Id, remoteAddress, method, path, rangeHeader, Volatile.Read(ref _statusCode),
                    Volatile.Read(ref _bodyLength), BytesWritten, (TransferOutcome)_outcome, start, _end)
                {
                    BytesAcked = BytesAcked(),
                    BytesReceived = Volatile.Read(ref _bytesReceived),
                };
            }
        }
    }
}
