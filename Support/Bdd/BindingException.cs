namespace NetnsBdd.Support.Bdd;

/// <summary>A mistake in the bindings (bad expression, unsupported parameter, unconstructible context class).</summary>
public sealed class BindingException : Exception
{
    public BindingException(string message) : base(message)
    {
    }

    public BindingException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
