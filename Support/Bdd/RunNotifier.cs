namespace NetnsBdd.Support.Bdd;

/// <summary>Fans run events out to listeners; a throwing listener is recorded, never allowed to break the run.</summary>
internal sealed class RunNotifier(IReadOnlyList<IBddRunListener> listeners, TextWriter output)
{
    private readonly List<Exception> _errors = new();

    public IReadOnlyList<Exception> Errors => _errors;

    public void Notify(Action<IBddRunListener> send)
    {
        foreach (var listener in listeners)
        {
            try
            {
                send(listener);
            }
            catch (Exception e)
            {
                _errors.Add(e);
                output.WriteLine($"[warning] run listener {listener.GetType().Name} threw: {e.Message}");
            }
        }
    }
}
