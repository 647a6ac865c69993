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

    public T Push<T>(T owner) where T : IAsyncDisposable
    {
        lock (_owners)
        {
            _owners.Push(owner);
        }

        return owner;
    }

    public async ValueTask DisposeAsync()
    {
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
