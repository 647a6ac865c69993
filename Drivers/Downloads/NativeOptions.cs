namespace NetnsBdd.Drivers.Downloads;

/// <summary>Knobs of the native engine.</summary>
public sealed record NativeOptions
{
    /// <summary>
    /// Consume an http body with recv(MSG_TRUNC): the kernel counts the bytes off the socket without copying them out,
    /// which the suite never looks at anyway (wget writes them to /dev/null). Off: they are copied into a shared
    /// discard buffer, as an ordinary client would. https is always decrypted and copied (TLS has to read the bytes).
    /// </summary>
    public bool DiscardWithoutCopy { get; init; } = true;

    /// <summary>Bytes asked for per receive. One buffer serves every client: nothing reads what lands in it.</summary>
    public int ReceiveBytes { get; init; } = 1024 * 1024;

    /// <summary>How often each client's byte counter is sampled for the over-time series.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
