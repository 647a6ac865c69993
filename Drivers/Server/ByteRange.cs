using System.Globalization;

namespace NetnsBdd.Drivers.Server;

/// <summary>An inclusive byte range <c>[First, Last]</c> of a representation <paramref name="TotalLength"/> bytes long.</summary>
public sealed record ByteRange(long First, long Last, long TotalLength)
{
    public long Length => Last - First + 1;

    /// <summary>The Content-Range header value of a 206 response, e.g. <c>bytes 0-99/1000</c>.</summary>
    public string ContentRange => string.Create(CultureInfo.InvariantCulture, $"bytes {First}-{Last}/{TotalLength}");

    /// <summary>The Content-Range header value of a 416 response, e.g. <c>bytes */1000</c>.</summary>
    public static string UnsatisfiedContentRange(long totalLength) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes */{totalLength}");
}
