using System.Diagnostics;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// Holds every client of a parallel download at the start line until all are ready, then lets them go at one
/// instant. A client is ready when its transfer can begin with nothing left to start up (wget: its process runs and
/// has asked the gate's resolver for the server's address; native: its socket is connected). The release runs the
/// engines' release actions (send the held DNS answers, send the requests) one after another on the releasing thread,
/// so the spread between clients is a loop of syscalls, not of task scheduling.
/// </summary>
/// <remarks>
/// A client that will never be ready (its process exited, its connection was refused) leaves; the gate opens when
/// every client arrived or left, or when <see cref="HoldLimit"/> passed without any client arriving or leaving,
/// whichever is first: a client that neither arrives nor leaves cannot hold the others forever, while a slow but
/// steady start (500 wget on a loaded host took 80 s to spawn here) is waited for.
/// </remarks>
public sealed class StartGate : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Action> _onRelease = [];
    private readonly TaskCompletionSource<DateTimeOffset> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer _limit;
    private int _waiting;
    private bool _open;
    private int _scheduled;
    private int _beforeReleaseRan;
    private volatile bool _disposed;

    /// <summary>The gate for one download run: <paramref name="participants"/> clients, the default hold limit, and the request's start instant and release callback.</summary>
    public static StartGate For(int participants, DownloadRequest request) =>
        new(participants, DefaultHoldLimit) { BeforeRelease = request.BeforeRelease, NotBefore = request.StartAt };

    public StartGate(int participants, TimeSpan holdLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(participants);
        _waiting = participants;
        Participants = participants;
        HoldLimit = holdLimit;
        _limit = new Timer(_ => Release(), null, holdLimit, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The longest wait for the next client to arrive or leave.</summary>
    public static readonly TimeSpan DefaultHoldLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An upper bound of how long the gate can stay shut for <paramref name="clients"/> clients that keep arriving:
    /// one hold limit plus a generous 0.5 s per client (what wget's own `timeout` adds to its limit as a backstop).
    /// </summary>
    public static TimeSpan LongestHold(int clients) => DefaultHoldLimit + TimeSpan.FromSeconds(0.5 * clients);

    public int Participants { get; }

    public TimeSpan HoldLimit { get; }

    /// <summary>
    /// Runs on the releasing thread just before the release instant (before <see cref="ReleasedTimestamp"/> and the
    /// engines' release actions): the end of the set-up, e.g. a health sample separating the spawning from the
    /// transfers. It delays the release by its own duration, so it must be short, and must not throw.
    /// </summary>
    public Action? BeforeRelease { get; init; }

    /// <summary>
    /// The wall-clock instant (UTC) before which the gate does not open, however early the clients are ready: the
    /// common start of several hosts (Download:StartAt). Null opens it as soon as the clients are ready.
    /// </summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Clients that arrived before the release.</summary>
    public int Arrived { get; private set; }

    /// <summary>True when the hold limit, not the last client, opened the gate.</summary>
    public bool OpenedByLimit { get; private set; }

    /// <summary>Completes with the release instant (UTC) once the gate is open.</summary>
    public Task<DateTimeOffset> Released => _released.Task;

    /// <summary>The release as a <see cref="Stopwatch"/> timestamp; 0 before.</summary>
    public long ReleasedTimestamp { get; private set; }

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> at the release, on the releasing thread; at once if the gate is already open.
    /// It must be short and must not throw (a failure is the client's to report, not the gate's).
    /// </summary>
    public void OnRelease(Action action)
    {
        lock (_lock)
        {
            if (!_open)
            {
                _onRelease.Add(action);
                return;
            }
        }

        action();
    }

    /// <summary>One client is ready; the last one opens the gate.</summary>
    public void Arrive()
    {
        lock (_lock)
        {
            if (_open)
            {
                return;
            }

            Arrived++;
        }

        CountDown();
    }

    /// <summary>One client will never be ready (failed or exited before the start).</summary>
    public void Leave() => CountDown();

    /// <summary>
    /// Opens the gate now (the hold limit, or a caller that gives up waiting), or at <see cref="NotBefore"/> when that
    /// is still ahead.
    /// </summary>
    public void Release()
    {
        if (NotBefore is { } at && DateTimeOffset.UtcNow < at)
        {
            if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            {
                // A thread of its own, not a timer or the thread pool: the release must land within a millisecond of
                // the instant, on every host, whatever else the pool is doing.
                new Thread(() =>
                {
                    // The set-up's end (a health sample, milliseconds on a loaded host) is taken just before the
                    // instant rather than after it, so the release itself lands on the instant.
                    if (WaitFor(at - BeforeReleaseLead))
                    {
                        RunBeforeRelease();
                        // The last stretch and the release at real-time priority where allowed (root): on a loaded
                        // host an ordinary thread's wake-up waited behind other work for up to 200 ms here. It lasts
                        // milliseconds, and this thread ends right after the release.
                        Processes.Posix.TrySetRealtimeThread();
                        if (WaitFor(at))
                        {
                            ReleaseNow();
                        }
                    }
                })
                { IsBackground = true, Name = "nbdd-start-at" }.Start();
            }

            return;
        }

        ReleaseNow();
    }

    private void ReleaseNow()
    {
        Action[] actions;
        lock (_lock)
        {
            if (_open)
            {
                return;
            }

            _open = true;
            OpenedByLimit = _waiting > 0;
            actions = [.. _onRelease];
            _onRelease.Clear();
        }

        RunBeforeRelease();
        ReleasedTimestamp = Stopwatch.GetTimestamp();
        var at = DateTimeOffset.UtcNow;
        foreach (var action in actions)
        {
            action();
        }

        _limit.Dispose();
        _released.TrySetResult(at);
    }

    /// <summary>Where <paramref name="clock"/> stood at the release; zero before it.</summary>
    public TimeSpan ElapsedAtRelease(Stopwatch clock) =>
        ReleasedTimestamp == 0 ? TimeSpan.Zero : clock.Elapsed - Stopwatch.GetElapsedTime(ReleasedTimestamp);

    /// <summary>
    /// The wall-clock origin of a run whose clock read <paramref name="elapsedAtRelease"/> at the release, anchored on
    /// the release instant: the engines time everything with a monotonic clock from a wall-clock <paramref name="origin"/>
    /// read at their start, and the wall clock can be stepped or slewed in between (seen here: a VM's clock 30 ms off
    /// within 6 s), which would put a gated client's start before the instant the gate waited for. Without a release,
    /// <paramref name="origin"/> as it was.
    /// </summary>
    public DateTimeOffset AnchorOrigin(DateTimeOffset origin, TimeSpan elapsedAtRelease) =>
        _released.Task.IsCompletedSuccessfully && ReleasedTimestamp != 0 ? _released.Task.Result - elapsedAtRelease : origin;

    public void Dispose()
    {
        _disposed = true;
        _limit.Dispose();
        ReleaseNow();
    }

    /// <summary>
    /// How long before <see cref="NotBefore"/> <see cref="BeforeRelease"/> runs: the health sample it takes (a scan of
    /// every process's stat) took up to ~200 ms at a load of 40 here, which made one host's release that late.
    /// </summary>
    private static readonly TimeSpan BeforeReleaseLead = TimeSpan.FromMilliseconds(300);

    private void RunBeforeRelease()
    {
        if (Interlocked.Exchange(ref _beforeReleaseRan, 1) == 0)
        {
            BeforeRelease?.Invoke();
        }
    }

    /// <summary>Sleeps to within a few milliseconds of <paramref name="at"/> on the wall clock, then spins; false if disposed first.</summary>
    private bool WaitFor(DateTimeOffset at)
    {
        while (!_disposed)
        {
            var left = at - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return true;
            }

            if (left > TimeSpan.FromMilliseconds(15))
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds - 10, 200)));
            }
            else
            {
                Thread.SpinWait(100);
            }
        }

        return false;
    }

    private void CountDown()
    {
        bool last;
        lock (_lock)
        {
            if (_open)
            {
                return;
            }

            last = --_waiting <= 0;
            if (!last)
            {
                // Someone moved: the others are still coming, so the wait for the next one starts again.
                _limit.Change(HoldLimit, Timeout.InfiniteTimeSpan);
            }
        }

        if (last)
        {
            Release();
        }
    }
}
