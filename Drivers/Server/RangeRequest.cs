using System.Globalization;

namespace NetnsBdd.Drivers.Server;

/// <summary>What a Range header asks of a representation of known length (RFC 9110 §14).</summary>
public abstract record RangeRequest
{
    private RangeRequest() { }

    /// <summary>No usable Range header: serve the whole body with 200.</summary>
    public sealed record Whole : RangeRequest;

    /// <summary>One satisfiable range: serve it with 206 and Content-Range.</summary>
    public sealed record Partial(ByteRange Range) : RangeRequest;

    /// <summary>A syntactically valid range that lies beyond the end: 416 with <c>Content-Range: bytes */length</c>.</summary>
    public sealed record Unsatisfiable : RangeRequest;

    /// <summary>
    /// Reads a single-range header: <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>. A multi-range or malformed
    /// header is ignored (200 with the whole body), which RFC 9110 allows and which keeps wget and curl working;
    /// the suite's clients never ask for multipart ranges.
    /// </summary>
    public static RangeRequest Parse(string? header, long totalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalLength);
        if (string.IsNullOrWhiteSpace(header))
        {
            return new Whole();
        }

        var text = header.AsSpan().Trim();
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || text.Contains(','))
        {
            return new Whole();
        }

        text = text["bytes=".Length..].Trim();
        var dash = text.IndexOf('-');
        if (dash < 0)
        {
            return new Whole();
        }

        var firstText = text[..dash].Trim();
        var lastText = text[(dash + 1)..].Trim();
        if (firstText.IsEmpty)
        {
            // Suffix range: the last n bytes.
            if (!TryParseNumber(lastText, out var suffix))
            {
                return new Whole();
            }

            if (suffix == 0 || totalLength == 0)
            {
                return new Unsatisfiable();
            }

            var count = Math.Min(suffix, totalLength);
            return new Partial(new ByteRange(totalLength - count, totalLength - 1, totalLength));
        }

        if (!TryParseNumber(firstText, out var first))
        {
            return new Whole();
        }

        long last;
        if (lastText.IsEmpty)
        {
            last = totalLength - 1;
        }
        else if (!TryParseNumber(lastText, out last) || last < first)
        {
            return new Whole();
        }

        if (first >= totalLength)
        {
            return new Unsatisfiable();
        }

        return new Partial(new ByteRange(first, Math.Min(last, totalLength - 1), totalLength));
    }

    private static bool TryParseNumber(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
