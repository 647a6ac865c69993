namespace NetnsBdd.Drivers.Server;

/// <summary>
/// What the server did for one request: the byte truth a download driver compares with what its client counted.
/// <see cref="BytesWritten"/> counts body bytes handed to Kestrel's transport; on a completed transfer it equals
/// <see cref="BodyLength"/>, on a cut one it is an upper bound of what the client can have received.
/// <see cref="Path"/> keeps the query, so a per-request fault shows in the record.
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
    public bool IsFinished => Outcome != TransferOutcome.InProgress;

    public TimeSpan? Duration => End - Start;
}
