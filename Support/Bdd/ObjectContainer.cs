using System.Reflection;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// A small hierarchical container: test run → feature → scenario. Registered instances are looked up through the
/// parents; a type nobody registered is constructed and cached in the container that was asked (so an unregistered
/// context class is one instance per scenario, shared by every binding class of that scenario). Objects the container
/// constructed are disposed, last-created first, when it is disposed.
/// </summary>
public sealed class ObjectContainer : IObjectContainer, IAsyncDisposable
{
    private readonly ObjectContainer? _parent;
    private readonly Dictionary<Type, object> _instances = new();
    private readonly Dictionary<Type, Type> _typeMappings = new();
    private readonly List<object> _owned = new();
    private readonly HashSet<Type> _resolving = new();
    private bool _disposed;

    public ObjectContainer(ObjectContainer? parent = null)
    {
        _parent = parent;
        _instances[typeof(IObjectContainer)] = this;
        _instances[typeof(ObjectContainer)] = this;
    }

    public void RegisterInstanceAs<TInterface>(TInterface instance, bool dispose = false) where TInterface : class
        => RegisterInstanceAs(instance, typeof(TInterface), dispose);

    public void RegisterInstanceAs(object instance, Type type, bool dispose = false)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(type);
        if (!type.IsInstanceOfType(instance))
        {
            throw new ArgumentException($"Cannot register a {instance.GetType().Name} as {type.Name}: it does not implement it.", nameof(instance));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        _instances[type] = instance;
        if (dispose && !_owned.Contains(instance))
        {
            _owned.Add(instance);
        }
    }

    public void RegisterTypeAs<TImplementation, TInterface>() where TImplementation : class, TInterface
        => _typeMappings[typeof(TInterface)] = typeof(TImplementation);

    public bool IsRegistered<T>() => TryFind(typeof(T), out _) || FindMapping(typeof(T)) is not null;

    public T Resolve<T>() => (T)Resolve(typeof(T));

    public object Resolve(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (TryFind(type, out var found))
        {
            return found;
        }

        var implementation = FindMapping(type) ?? type;
        var created = Construct(implementation, requestedFor: type);
        _instances[type] = created;
        if (implementation != type)
        {
            _instances[implementation] = created;
        }

        return created;
    }

    private bool TryFind(Type type, out object instance)
    {
        for (var c = this; c is not null; c = c._parent)
        {
            if (c._instances.TryGetValue(type, out instance!))
            {
                return true;
            }
        }

        instance = null!;
        return false;
    }

    private Type? FindMapping(Type type)
    {
        for (var c = this; c is not null; c = c._parent)
        {
            if (c._typeMappings.TryGetValue(type, out var implementation))
            {
                return implementation;
            }
        }

        return null;
    }

    private object Construct(Type type, Type requestedFor)
    {
        if (type.IsAbstract || type.IsInterface || type.IsPrimitive || type == typeof(string) || type.IsValueType)
        {
            throw new BindingException(
                $"Cannot construct {type.FullName}: it is {(type.IsInterface || type.IsAbstract ? "abstract or an interface" : "not a class")}. " +
                $"Register an instance in a hook, e.g. container.RegisterInstanceAs<{requestedFor.Name}>(...) in a [BeforeScenario] or [BeforeFeature] hook.");
        }

        if (!_resolving.Add(type))
        {
            throw new BindingException(
                $"Circular constructor dependency while constructing {type.FullName}: {string.Join(" -> ", _resolving.Select(t => t.Name))} -> {type.Name}.");
        }

        try
        {
            var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
                .OrderByDescending(c => c.GetParameters().Length)
                .FirstOrDefault()
                ?? throw new BindingException($"Cannot construct {type.FullName}: it has no public constructor.");
            var arguments = constructor.GetParameters().Select(p => ResolveParameter(type, p)).ToArray();
            object instance;
            try
            {
                instance = constructor.Invoke(arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new BindingException($"The constructor of {type.FullName} threw: {e.InnerException.Message}", e.InnerException);
            }

            if (instance is IDisposable or IAsyncDisposable)
            {
                _owned.Add(instance);
            }

            return instance;
        }
        finally
        {
            _resolving.Remove(type);
        }
    }

    private object ResolveParameter(Type owner, ParameterInfo parameter)
    {
        try
        {
            return Resolve(parameter.ParameterType);
        }
        catch (BindingException e) when (!e.Message.StartsWith("Circular", StringComparison.Ordinal))
        {
            throw new BindingException(
                $"Cannot inject parameter '{parameter.Name}' ({parameter.ParameterType.Name}) of {owner.FullName}'s constructor: {e.Message}", e);
        }
    }

    /// <summary>Disposes what this container constructed (or was told to dispose), newest first; parents are untouched.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        List<Exception>? errors = null;
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                switch (_owned[i])
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
            }
        }

        _owned.Clear();
        _instances.Clear();
        if (errors is not null)
        {
            throw new AggregateException("Disposing context objects failed.", errors);
        }
    }
}
