namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// How many of a run's connects may be in progress at once (see <see cref="NativeOptions.ConnectConcurrency"/>), until
/// one fails as unreachable or slow: then the server is most likely so for every client, and paced connects would
/// make the run wait a failed attempt per client one after another, so every later connect goes at once.
/// </summary>
internal sealed class ConnectPacing(int concurrency) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, concurrency));
    private volatile bool _lifted;

    /// <summary>Waits for a slot; the returned value releases it (nothing to release once pacing is lifted).</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_lifted)
        {
            return Slot.None;
        }

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    /// <summary>A connect failed as unreachable or slow: stop pacing, and let every waiting connect go.</summary>
    public void Lift()
    {
        if (_lifted)
        {
            return;
        }

        _lifted = true;

        // Enough releases for any number of waiters; their slots' later releases only add more.
        _slots.Release(short.MaxValue);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim? slots) : IDisposable
    {
        public static readonly Slot None = new(null);

        private SemaphoreSlim? _slots = slots;

        public void Dispose()
        {
            try
            {
                Interlocked.Exchange(ref _slots, null)?.Release();
            }
            catch (SemaphoreFullException)
            {
                // Lifted meanwhile: the count no longer matters.
            }
        }
    }
}
