namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Owners of created things, undone in reverse order of creation (like the kernel selftests' cleanup traps): each
/// owner is pushed the moment its resource exists, so a failure half-way through setup still undoes exactly what was
/// made. Disposing twice does nothing the second time; one owner's failure is a warning and the rest still run.
/// </summary>
internal sealed class TeardownStack(Action<string> warn) : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _owners = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _closed;

    /// <summary>
    /// Takes ownership of <paramref name="owner"/>. Once the stack has been torn down (e.g. by a signal while setup
    /// was still running) nothing may join a pile nobody will dispose again: the owner is disposed at once and the
    /// caller gets <see cref="ObjectDisposedException"/>.
    /// </summary>
    public T Push<T>(T owner) where T : IAsyncDisposable
    {
        lock (_owners)
        {
            if (!_closed)
            {
                _owners.Push(owner);
                return owner;
            }
        }

        owner.DisposeAsync().AsTask().GetAwaiter().GetResult();
        throw new ObjectDisposedException(nameof(TeardownStack), $"The lab was already torn down; {owner} was removed again at once.");
    }

    public async ValueTask DisposeAsync()
    {
        lock (_owners)
        {
            _closed = true;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            while (TryPop(out var owner))
            {
                try
                {
                    await owner.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    warn($"teardown of {owner} failed, continuing with the rest: {e.Message}");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool TryPop(out IAsyncDisposable owner)
    {
        lock (_owners)
        {
            return _owners.TryPop(out owner!);
        }
    }
}
