namespace NetnsBdd.Drivers.Server;

/// <summary>
/// Faults applied to every body the server sends, unless a request's query names its own. Immutable: a step swaps
/// the whole value on <see cref="DownloadServer.Faults"/>, so a request sees one consistent set.
/// </summary>
public sealed record ServerFaults
{
    public static ServerFaults None { get; } = new();

    /// <summary>Cut the connection once this many body bytes have been written; null means never.</summary>
    public long? AbortAfterBytes { get; init; }

    public AbortMode AbortMode { get; init; } = AbortMode.Reset;

    /// <summary>Stop sending once this many body bytes have been written; null means never.</summary>
    public long? StallAfterBytes { get; init; }

    /// <summary>How long a stall lasts; null means until the client gives up (or the server stops).</summary>
    public TimeSpan? StallDuration { get; init; }

    public bool IsNone => AbortAfterBytes is null && StallAfterBytes is null;

    public static ServerFaults AbortAfter(long bytes, AbortMode mode = AbortMode.Reset) =>
        new() { AbortAfterBytes = NonNegative(bytes), AbortMode = mode };

    public static ServerFaults StallAfter(long bytes, TimeSpan? duration = null) =>
        new() { StallAfterBytes = NonNegative(bytes), StallDuration = duration };

    private static long NonNegative(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return bytes;
    }
}
