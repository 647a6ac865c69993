namespace NetnsBdd.Support.Bdd;

/// <summary>A hook threw; the message names the hook so a failure is traceable to its method.</summary>
public sealed class HookException(HookBinding hook, Exception innerException)
    : Exception($"{hook} failed: {innerException.Message}", innerException)
{
    public HookBinding Hook { get; } = hook;
}
