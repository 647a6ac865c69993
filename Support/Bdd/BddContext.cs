namespace NetnsBdd.Support.Bdd;

/// <summary>
/// The property bag under <see cref="ScenarioContext"/> and <see cref="FeatureContext"/>, shaped like Reqnroll's
/// <c>ReqnrollContext</c>: a dictionary plus typed Set/Get that default the key to the type's full name.
/// </summary>
public abstract class BddContext : Dictionary<string, object?>
{
    public void Set<T>(T data) => Set(data, KeyOf<T>());

    public void Set<T>(T data, string key) => this[key] = data;

    public T Get<T>() => Get<T>(KeyOf<T>());

    public T Get<T>(string key)
    {
        if (!base.TryGetValue(key, out var value))
        {
            throw new KeyNotFoundException($"Nothing was stored under '{key}' in the {GetType().Name}; call Set first.");
        }

        return value is T typed
            ? typed
            : throw new InvalidCastException($"The {GetType().Name} value under '{key}' is a {value?.GetType().Name ?? "null"}, not a {typeof(T).Name}.");
    }

    public bool TryGetValue<T>(out T value) => TryGetValue(KeyOf<T>(), out value);

    public bool TryGetValue<T>(string key, out T value)
    {
        if (base.TryGetValue(key, out var stored) && stored is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    private static string KeyOf<T>() => typeof(T).FullName ?? typeof(T).Name;
}
