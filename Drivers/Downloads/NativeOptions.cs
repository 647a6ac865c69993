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

    /// <summary>
    /// Connects in progress at once, before the start gate. One: a client's first connect floods an ARP request to
    /// every other client's port of the lab's bridge, and with 500 clients two floods at once already come near the
    /// host's per-CPU backlog of 1000 packets; the connects all end before the release, so pacing them costs set-up
    /// time (about a millisecond per client here), not start spread.
    /// </summary>
    public int ConnectConcurrency { get; init; } = 1;

    /// <summary>Connect attempts per client while the gate is shut (a retry uses a new socket); 2 = one retry.</summary>
    public int ConnectAttempts { get; init; } = 2;

    /// <summary>
    /// How long one connect attempt may take before it is retried: above ARP's 3 s of probes, so an unanswered
    /// neighbour fails the attempt on its own, and below the gate's 10 s hold limit.
    /// </summary>
    public TimeSpan ConnectAttemptTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How often each client's byte counter is sampled for the over-time series.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
