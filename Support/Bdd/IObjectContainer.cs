namespace NetnsBdd.Support.Bdd;

/// <summary>
/// The slice of Reqnroll's (BoDi) <c>IObjectContainer</c> this suite uses: register ready-made instances in hooks, and
/// resolve objects, constructing unregistered classes through their public constructors.
/// </summary>
public interface IObjectContainer
{
    /// <summary>Makes <paramref name="instance"/> the answer for <typeparamref name="TInterface"/> in this container.</summary>
    /// <param name="dispose">Whether the container disposes the instance when it ends (Reqnroll's default: no).</param>
    void RegisterInstanceAs<TInterface>(TInterface instance, bool dispose = false) where TInterface : class;

    /// <summary>Makes <paramref name="instance"/> the answer for <paramref name="type"/> in this container.</summary>
    void RegisterInstanceAs(object instance, Type type, bool dispose = false);

    /// <summary>Registers <typeparamref name="TImplementation"/> to be constructed when <typeparamref name="TInterface"/> is asked for.</summary>
    void RegisterTypeAs<TImplementation, TInterface>() where TImplementation : class, TInterface;

    T Resolve<T>();

    object Resolve(Type type);

    bool IsRegistered<T>();
}
