namespace NetnsBdd.Drivers.Server;

/// <summary>
/// The bytes every download carries: a fixed pseudo-random block repeated forever, so byte <c>k</c> of any file is
/// <c>Block[k mod Period]</c>. Any range can be checked without the server, and nginx can serve the same bytes
/// from a file. The period is a prime just under 1 MiB so a data shift by a page, a segment or a power of two never
/// lines up with itself and is caught by a comparison.
/// </summary>
public static class ContentPattern
{
    /// <summary>The pattern's period in bytes (prime).</summary>
    public const int Period = 1_048_573;

    /// <summary>The largest span <see cref="Slice"/> returns in one piece; the server writes chunks of this size.</summary>
    public const int MaxSliceLength = 256 * 1024;

    /// <summary>The period followed by its own head, so any slice up to <see cref="MaxSliceLength"/> is contiguous.</summary>
    private static readonly byte[] Buffer = Build();

    /// <summary>The pattern byte at <paramref name="offset"/>.</summary>
    public static byte At(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return Buffer[(int)(offset % Period)];
    }

    /// <summary>Writes the pattern bytes for <c>[offset, offset + destination.Length)</c> into <paramref name="destination"/>.</summary>
    public static void Fill(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        while (!destination.IsEmpty)
        {
            var piece = Slice(offset, destination.Length);
            piece.Span.CopyTo(destination);
            destination = destination[piece.Length..];
            offset += piece.Length;
        }
    }

    /// <summary>Index of the first byte of <paramref name="actual"/> that differs from the pattern at <paramref name="offset"/>, or -1.</summary>
    public static long FirstMismatch(long offset, ReadOnlySpan<byte> actual)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long checkedBytes = 0;
        while (!actual.IsEmpty)
        {
            var expected = Slice(offset, actual.Length).Span;
            var part = actual[..expected.Length];
            var index = part.CommonPrefixLength(expected);
            if (index < part.Length)
            {
                return checkedBytes + index;
            }

            actual = actual[expected.Length..];
            offset += expected.Length;
            checkedBytes += expected.Length;
        }

        return -1;
    }

    /// <summary>
    /// The pattern from <paramref name="offset"/>, at most <paramref name="maxLength"/> and at most
    /// <see cref="MaxSliceLength"/> bytes long, without copying: the server hands these to Kestrel, so serving a
    /// body allocates nothing per request.
    /// </summary>
    public static ReadOnlyMemory<byte> Slice(long offset, long maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var length = (int)Math.Min(maxLength, MaxSliceLength);
        return new ReadOnlyMemory<byte>(Buffer, (int)(offset % Period), length);
    }

    /// <summary>Writes the first <paramref name="length"/> pattern bytes to <paramref name="stream"/> (e.g. nginx's file).</summary>
    public static async Task WriteAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        for (long offset = 0; offset < length;)
        {
            var piece = Slice(offset, length - offset);
            await stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            offset += piece.Length;
        }
    }

    private static byte[] Build()
    {
        var buffer = new byte[Period + MaxSliceLength];

        // xorshift64*, fixed seed: the same bytes on every machine and every run, unlike System.Random's algorithm,
        // which .NET does not promise to keep.
        var state = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < Period; i++)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            buffer[i] = (byte)((state * 0x2545F4914F6CDD1DUL) >> 56);
        }

        Array.Copy(buffer, 0, buffer, Period, MaxSliceLength);
        return buffer;
    }
}
