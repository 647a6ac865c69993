namespace NetnsBdd.Drivers.Server;

/// <summary>
/// What the server did for one request: the byte truth a download (or upload) driver compares with what its client
/// counted.
/// <see cref="BytesWritten"/> counts body bytes handed to Kestrel's transport; on a completed transfer it equals
/// <see cref="BodyLength"/>, on a cut one it is an upper bound of what the client can have received.
/// <see cref="BytesAcked"/> is what the client's kernel confirmed receiving. <see cref="Path"/> keeps the query, so a per-request fault shows in the record.
/// </summary>
public sealed record Transfer(
    long Id,
    string RemoteAddress,
    string Method,
    string Path,
    string? RangeHeader,
    int StatusCode,
    long BodyLength,
    long BytesWritten,
    TransferOutcome Outcome,
    DateTimeOffset Start,
    DateTimeOffset? End)
{
    /// <summary>
    /// Body bytes the client's TCP stack acknowledged (Linux tcp_info bytes_acked minus the response head): what
    /// actually arrived, also for a transfer cut by a timeout, where <see cref="BytesWritten"/> overstates it by
    /// the socket buffers and queues. Live until the connection closes, then final. Null over https (TLS records
    /// are not payload) and where the kernel or transport cannot tell.
    /// </summary>
    public long? BytesAcked { get; init; }

    /// <summary>
    /// Request body bytes the server read (an upload's, counted as read, then discarded): on a completed upload the
    /// whole body, on a cut one exactly what the server took before the cut. Zero for requests without a body.
    /// </summary>
    public long BytesReceived { get; init; }

    public bool IsUpload => Method == "POST";

    public bool IsFinished => Outcome != TransferOutcome.InProgress;

    public TimeSpan? Duration => End - Start;
}
