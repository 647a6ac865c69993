using System.Globalization;
using System.Text.RegularExpressions;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// What a server says about the file at a URL before the clients fetch it: the HTTP status and the Content-Length of
/// a HEAD request (`wget --spider --server-response`), asked from a client namespace, so through the router under
/// test. In uplink mode the suite is not told the file's size; it learns it here, so "the whole file", byte counts
/// and goodput are judged against what the server offers. A server that sends no length is reported as such.
/// </summary>
public sealed partial record ServedFile(Uri Url, int Status, long? Length, string Evidence)
{
    /// <summary>The HEAD request, bounded by <paramref name="timeout"/> (wget's own connect/read limit and one try).</summary>
    public static Command Request(Uri url, TimeSpan timeout)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new Command("wget", "--spider", "--server-response", "--tries=1", $"--timeout={seconds}", url.AbsoluteUri)
        {
            Timeout = timeout + TimeSpan.FromSeconds(2),
        };
    }

    /// <summary>
    /// Reads wget's output (headers are printed indented, the final response last). Throws <see cref="IOException"/>
    /// when no response came or the status is an error, naming the URL, what happened and the fix.
    /// </summary>
    public static ServedFile Parse(Uri url, int exitCode, string output, TimeSpan elapsed, string from)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var statusAt = Array.FindLastIndex(lines, l => StatusLine().IsMatch(l));
        var took = elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (statusAt < 0)
        {
            var failure = lines.LastOrDefault(l => l.Contains("failed:", StringComparison.Ordinal) || l.Contains("unable to resolve", StringComparison.OrdinalIgnoreCase))
                          ?? lines.LastOrDefault(l => l.Length > 0) ?? $"wget exit {exitCode}, no output";
            throw new IOException(
                $"Download:Url {url} is unreachable from {from} through the router: no HTTP response within {took} s " +
                $"({failure}). Check the URL (host, port), that the server is up, and that the router routes the LAN to it " +
                "(fetch the URL from another device on the router's LAN).");
        }

        var status = int.Parse(StatusLine().Match(lines[statusAt]).Groups[1].Value, CultureInfo.InvariantCulture);
        if (status >= 400)
        {
            throw new IOException(
                $"Download:Url {url} answered {lines[statusAt]} to a HEAD request from {from} (after {took} s); fix the " +
                "URL so it names a file the server has.");
        }

        var lengthLine = lines.Skip(statusAt).FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        long? length = lengthLine is not null && long.TryParse(lengthLine["Content-Length:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
        var evidence = length is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"{url} is {bytes} bytes (Content-Length of a HEAD request, {lines[statusAt]})")
            : $"{url} sent no Content-Length ({lines[statusAt]}, e.g. chunked): the file's size is unknown, so a complete " +
              "transfer cannot be told from a short one";
        return new ServedFile(url, status, length, evidence);
    }

    [GeneratedRegex(@"^HTTP/\d(?:\.\d)? (\d{3})\b")]
    private static partial Regex StatusLine();
}
