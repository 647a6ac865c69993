namespace NetnsBdd.Support.Bdd;

/// <summary>
/// The run-wide listener registry: code that cannot be a binding class (e.g. a reporter configured from settings)
/// registers here before the run starts. This is the layer's one piece of static mutable state, by design.
/// </summary>
public static class BddRunListeners
{
    private static readonly Lock Gate = new();
    private static readonly List<IBddRunListener> Registered = new();

    public static void Register(IBddRunListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (Gate)
        {
            Registered.Add(listener);
        }
    }

    public static bool Unregister(IBddRunListener listener)
    {
        lock (Gate)
        {
            return Registered.Remove(listener);
        }
    }

    /// <summary>A snapshot of the registered listeners.</summary>
    public static IReadOnlyList<IBddRunListener> All
    {
        get
        {
            lock (Gate)
            {
                return Registered.ToArray();
            }
        }
    }
}
