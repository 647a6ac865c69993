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
        private long _bodyLength;
        private int _statusCode;
        private int _outcome = (int)TransferOutcome.InProgress;
        private DateTimeOffset? _end;

        public long Id { get; } = id;

        public long BytesWritten => Volatile.Read(ref _bytesWritten);

        public void Respond(int statusCode, long bodyLength)
        {
            Volatile.Write(ref _statusCode, statusCode);
            Volatile.Write(ref _bodyLength, bodyLength);
        }

        public void Wrote(int bytes) => Volatile.Write(ref _bytesWritten, _bytesWritten + bytes);

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
                    Volatile.Read(ref _bodyLength), BytesWritten, (TransferOutcome)_outcome, start, _end);
            }
        }
    }
}
