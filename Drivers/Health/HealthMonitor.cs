using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Samples host health (CPU of the whole host and of the suite's own processes, temperature, RAM and the suite's
/// resident memory, disk, load, CPU frequency, Pi throttling, interface counters, also of sources added while running)
/// on a fixed cadence in the background, plus a baseline at the start, marks on request and a final sample at the stop;
/// prints one line per sample to a writer and keeps the series. Reads only <c>/proc</c> and <c>/sys</c>; spawns no
/// processes, so it stays cheap on a Pi that is itself the thing under load.
/// </summary>
/// <example>
/// <code>
/// await using var monitor = new HealthMonitor(new HealthMonitorOptions(), TestContext.Progress);
/// await monitor.StartAsync(ct);
/// ... run the load ...
/// var series = await monitor.StopAsync();
/// </code>
/// </example>
public sealed class HealthMonitor : IAsyncDisposable
{
    private readonly HealthMonitorOptions _options;
    private readonly TextWriter _output;
    private readonly HealthSampler _sampler;
    private readonly TimeProvider _time;
    private readonly List<HealthSample> _samples = [];
    private readonly Lock _samplesLock = new();
    private readonly Lock _lifecycleLock = new();

    // The sampler is single-threaded; the loop, marks and the final sample take turns through this.
    private readonly Lock _samplingLock = new();
    private int _nextIndex;
    private long _startedAt;
    private long? _lastSampleAt;
    private SampleKind _lastKind;
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private bool _started;
    private IReadOnlyList<ReadingError> _previousErrors = [];

    public HealthMonitor(
        HealthMonitorOptions options,
        TextWriter output,
        IHostFiles? files = null,
        IDiskSpace? disk = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        _options = options;
        _output = output;
        _sampler = new HealthSampler(options, files ?? new HostFiles(), disk ?? new HostDiskSpace());
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Raised on the sampling thread after each sample is stored and printed. Handlers must be quick;
    /// an exception from one is printed and otherwise ignored.
    /// </summary>
    public event Action<HealthSample>? SampleTaken;

    /// <summary>The samples so far; safe to call while running.</summary>
    public HealthSeries Series
    {
        get
        {
            lock (_samplesLock)
            {
                return new HealthSeries(_samples.ToArray());
            }
        }
    }

    public bool IsRunning => _loop is { IsCompleted: false };

    /// <summary>
    /// Starts reading a <c>net/dev</c> source from the next sample on, e.g. a lab namespace's counters once the lab
    /// exists (the monitor starts before it). Thread-safe, also while sampling.
    /// </summary>
    public void AddNetworkSource(NetworkCounterSource source) => _sampler.AddNetworkSource(source);

    /// <summary>Stops reading the named source, e.g. before its namespace is deleted; false when it was not watched.</summary>
    public bool RemoveNetworkSource(string name) => _sampler.RemoveNetworkSource(name);

    /// <summary>
    /// An extra sample (mark or final) closer than this to the previous one is skipped: over fewer than ~50 clock ticks
    /// of all cores a CPU share is mostly rounding, and the previous sample already ends that close to the moment.
    /// </summary>
    public static readonly TimeSpan MinimumExtraInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Takes the baseline sample (everything but CPU, which needs an interval) and starts sampling every interval.
    /// Cancelling <paramref name="cancellationToken"/> stops sampling as <see cref="StopAsync"/> does, without the
    /// final sample.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycleLock)
        {
            if (_started)
            {
                throw new InvalidOperationException("The health monitor has already been started; create a new one per run.");
            }

            _started = true;
            cancellationToken.ThrowIfCancellationRequested();
            _sampler.Prime();
            _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var startedAt = _time.GetTimestamp();
            _startedAt = startedAt;

            // PeriodicTimer re-arms against its own schedule, not against when we finished sampling,
            // so a slow sample does not push later ones back: the cadence stays fixed.
            var timer = new PeriodicTimer(_options.Interval, _time);
            // After the timer exists, so the schedule counts from the start and not from the end of this first read.
            SampleOnce(SampleKind.Baseline);
            _loop = Task.Run(() => RunAsync(timer, _stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes a sample now, off the schedule, so that an interval ends at this moment: called just before the downloads
    /// start, the set-up before them and the download after them are measured apart, also in a scenario shorter than
    /// one interval. Skipped within <see cref="MinimumExtraInterval"/> of the previous sample, and when not running.
    /// </summary>
    public void Mark()
    {
        if (IsRunning)
        {
            SampleOnce(SampleKind.Mark, MinimumExtraInterval);
        }
    }

    /// <summary>
    /// Stops sampling, waits for an in-flight sample to finish, takes the final sample (unless the previous one is
    /// within <see cref="MinimumExtraInterval"/>) and returns the series. Only the first call takes a final sample.
    /// </summary>
    public async Task<HealthSeries> StopAsync()
    {
        Task? loop;
        bool stoppingNow;
        lock (_lifecycleLock)
        {
            loop = _loop;
            stoppingNow = _stopping is { IsCancellationRequested: false };
            _stopping?.Cancel();
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        if (stoppingNow)
        {
            SampleOnce(SampleKind.Final, MinimumExtraInterval);
        }

        return Series;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private async Task RunAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        using (timer)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    SampleOnce(SampleKind.Periodic);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Normal stop.
            }
        }
    }

    private void SampleOnce(SampleKind kind, TimeSpan? unlessWithin = null)
    {
        lock (_samplingLock)
        {
            var now = _time.GetTimestamp();
            // A tick right after a mark would measure a sliver of time; the mark already ended an interval there, so the
            // next tick measures the longer stretch instead.
            // The interval a mark opens is the download's own (the mark is taken at the release): the final sample closes
            // it however short it is, or nothing would cover a download shorter than the minimum.
            var minimum = kind == SampleKind.Final && _lastKind == SampleKind.Mark
                ? null
                : unlessWithin ?? (kind == SampleKind.Periodic && _lastKind == SampleKind.Mark ? MinimumExtraInterval : null);
            if (minimum is { } within && _lastSampleAt is { } last && _time.GetElapsedTime(last, now) < within)
            {
                return;
            }

            _lastSampleAt = now;
            _lastKind = kind;
            var index = _nextIndex++;
            HealthSample sample;
            try
            {
                sample = _sampler.Take(index, _time.GetElapsedTime(_startedAt, now), _time.GetUtcNow(), kind);
            }
            catch (Exception ex)
            {
                // A bug in one sample must not end the monitoring of a long lab run.
                Print($"Health sample {index} failed: {ex.GetType().Name}: {ex.Message}");
                return;
            }

            lock (_samplesLock)
            {
                _samples.Add(sample);
            }

            Publish(sample);
        }
    }

    private void Publish(HealthSample sample)
    {
        var index = sample.Index;

        Print(HealthLineFormatter.Format(sample));
        PrintNewErrors(sample.Errors);
        try
        {
            SampleTaken?.Invoke(sample);
        }
        catch (Exception ex)
        {
            Print($"Health sample {index} handler failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    // A file that stays broken would repeat its error every tick; the line's n/a already says it persists.
    private void PrintNewErrors(IReadOnlyList<ReadingError> errors)
    {
        foreach (var error in errors)
        {
            var seenLastTime = false;
            foreach (var previous in _previousErrors)
            {
                seenLastTime |= previous.Message == error.Message;
            }

            if (!seenLastTime)
            {
                Print($"  health {error.Reading}: {error.Message}");
            }
        }

        _previousErrors = errors;
    }

    private void Print(string line)
    {
        try
        {
            _output.WriteLine(line);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The test's output can close before we stop; the series still has the sample.
        }
    }
}
