namespace NetnsBdd.Support.Bdd;

/// <summary>The outcome of one hook call.</summary>
public sealed record HookResult(HookBinding Hook, TimeSpan Duration, Exception? Error);
