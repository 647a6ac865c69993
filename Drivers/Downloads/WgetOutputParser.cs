using System.Text;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// Reads wget's standard error line by line as it arrives (LC_ALL=C), keeping the byte count and the error clues.
/// Streaming, not post-hoc, so neither the bounded stderr capture nor a kill by `timeout` loses them.
/// </summary>
/// <remarks>
/// An upload (<c>--post-file</c>, run with <c>-d</c>) prints no progress: its log gives the request head as sent
/// (between "---request begin---" and "---request end---", so its length is known to the byte), the instant the body
/// starts ("---request end---" is printed just before the head and then the body are written) and whether the body
/// was all written ("[writing BODY file ... done]").
/// </remarks>
public sealed partial class WgetOutputParser(long dotBytes, bool upload = false)
{
    private long? _headBytes;
    private long _headCounting = -1;

    private readonly List<TransferProgress> _progress = [];
    private readonly Lock _gate = new();
    private readonly StringBuilder _messages = new();
    private long _dotCount;
    private long? _exactBytes;

    /// <summary>Bytes received: wget's own final figure when it printed one, else what its progress dots show.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _exactBytes ?? _dotCount;
            }
        }
    }

    public bool BytesExact
    {
        get
        {
            lock (_gate)
            {
                return _exactBytes.HasValue;
            }
        }
    }

    public int? HttpStatus { get; private set; }

    /// <summary>
    /// When the response headers arrived: the start of the transfer proper, after process start and connect. An
    /// upload's: when its request (head, then body) began to be written.
    /// </summary>
    public TimeSpan? ResponseAt { get; private set; }

    /// <summary>The server address wget connected to ("Connecting to host (host)|ADDRESS|:80... connected."): which family it used.</summary>
    public System.Net.IPAddress? ConnectedTo { get; private set; }

    /// <summary>An upload's request head length in bytes as wget's debug log shows it; null before it was printed.</summary>
    public long? RequestHeadBytes
    {
        get
        {
            lock (_gate)
            {
                return _headBytes;
            }
        }
    }

    /// <summary>True when an upload's body was all written to the socket ("[writing BODY file ... done]").</summary>
    public bool BodySent { get; private set; }

    /// <summary>True when an upload's body began to be written (its line appeared, with or without "done]").</summary>
    public bool BodyStarted { get; private set; }

    /// <summary>
    /// Standard error without the progress dots: what the seed's `wget -q` would have said, plus the request and the
    /// response line. Bounded, keeping the first and the last lines.
    /// </summary>
    public string Messages
    {
        get
        {
            lock (_gate)
            {
                return _messages.ToString();
            }
        }
    }

    public bool SawConnectionRefused { get; private set; }

    public bool SawUnreachable { get; private set; }

    public bool SawDnsFailure { get; private set; }

    public bool SawTlsFailure { get; private set; }

    public bool SawBrokenTransfer { get; private set; }

    public bool SawToolMissing { get; private set; }

    public IReadOnlyList<TransferProgress> Progress
    {
        get
        {
            lock (_gate)
            {
                return [.. _progress];
            }
        }
    }

    private const int MaxMessageChars = 8 * 1024;

    public void OnLine(string line, TimeSpan elapsed)
    {
        if (upload && OnUploadLine(line, elapsed))
        {
            return;
        }

        var dots = DotLine().Match(line);
        if (!upload && dots.Success)
        {
            var offset = long.Parse(dots.Groups[1].ValueSpan, CultureInfo.InvariantCulture) * 1024;
            var count = dots.Groups[2].ValueSpan.Count('.');
            lock (_gate)
            {
                _dotCount = Math.Max(_dotCount, offset + count * dotBytes);
                _progress.Add(new TransferProgress(elapsed, _dotCount));
            }

            return;
        }

        lock (_gate)
        {
            if (_messages.Length + line.Length < MaxMessageChars)
            {
                _messages.Append(line).Append('\n');
            }
        }

        if (ResponseAt is null && line.Contains("awaiting response... ", StringComparison.Ordinal))
        {
            ResponseAt = elapsed;
        }

        if (ConnectedTo is null && Connected().Match(line) is { Success: true } connected &&
            System.Net.IPAddress.TryParse(connected.Groups[1].ValueSpan, out var peer))
        {
            ConnectedTo = peer;
        }

        if (upload)
        {
            // An upload's "saved [N]" is the response body's length, not the upload's.
        }
        else if (Saved().Match(line) is { Success: true } saved)
        {
            SetExact(long.Parse(saved.Groups[1].ValueSpan, CultureInfo.InvariantCulture), elapsed);
        }
        else if (BrokenAtByte().Match(line) is { Success: true } broken)
        {
            SawBrokenTransfer = true;
            SetExact(long.Parse(broken.Groups[1].ValueSpan, CultureInfo.InvariantCulture), elapsed);
        }

        if (HttpErrorStatus().Match(line) is { Success: true } status)
        {
            HttpStatus = int.Parse(status.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        }

        SawConnectionRefused |= line.Contains("Connection refused", StringComparison.Ordinal);
        SawUnreachable |= line.Contains("No route to host", StringComparison.Ordinal)
                          || line.Contains("Network is unreachable", StringComparison.Ordinal)
                          || line.Contains("Connection timed out", StringComparison.Ordinal);
        SawDnsFailure |= line.Contains("unable to resolve host address", StringComparison.Ordinal)
                         || line.Contains("Name or service not known", StringComparison.Ordinal)
                         || line.Contains("Temporary failure in name resolution", StringComparison.Ordinal);
        SawTlsFailure |= line.Contains("Unable to establish SSL connection", StringComparison.Ordinal)
                         || line.Contains("cannot verify", StringComparison.Ordinal)
                         || line.Contains("certificate", StringComparison.OrdinalIgnoreCase) && line.Contains("ERROR", StringComparison.Ordinal)
                         || line.Contains("GnuTLS", StringComparison.Ordinal)
                         || line.Contains("OpenSSL", StringComparison.Ordinal);
        SawBrokenTransfer |= line.Contains("Connection reset by peer", StringComparison.Ordinal)
                             || line.Contains("Broken pipe", StringComparison.Ordinal)
                             || line.Contains("Failed writing HTTP request", StringComparison.Ordinal);
        SawToolMissing |= line.Contains("failed to run command", StringComparison.Ordinal)
                          || line.Contains("exec of", StringComparison.Ordinal) && line.Contains("failed", StringComparison.Ordinal);
    }

    /// <summary>The upload's debug lines: the request head counted, kept out of the messages. True when consumed.</summary>
    private bool OnUploadLine(string line, TimeSpan elapsed)
    {
        lock (_gate)
        {
            if (line == "---request begin---")
            {
                _headCounting = 0;
                return true;
            }

            if (line == "---request end---")
            {
                // The empty line that ends the head is not a line of the log (WgetLog passes none): its CR LF here.
                _headBytes = _headCounting + 2;
                _headCounting = -1;
                ResponseAt ??= elapsed;
                return true;
            }

            if (_headCounting >= 0)
            {
                // The head is logged as sent: each line went out with its CR LF.
                _headCounting += System.Text.Encoding.ASCII.GetByteCount(line) + 2;
                _messages.Append(line).Append('\n');
                return true;
            }
        }

        if (line.Contains("[writing BODY file", StringComparison.Ordinal))
        {
            BodyStarted = true;
            BodySent |= line.Contains("done]", StringComparison.Ordinal);
        }

        // -d's chatter about its options and memory says nothing about the transfer.
        return DebugChatter().IsMatch(line);
    }

    private void SetExact(long bytes, TimeSpan elapsed)
    {
        lock (_gate)
        {
            _exactBytes = bytes;
            _progress.Add(new TransferProgress(elapsed, bytes));
        }
    }

    // "  1600K .......... .......... .....     4%  453M 0s": offset in KiB, then groups of dots, then figures (which
    // may themselves contain '.', so only the run of dots and spaces right after the offset counts).
    [GeneratedRegex(@"^\s*(\d+)K ([. ]*)")]
    private static partial Regex DotLine();

    [GeneratedRegex(@"saved \[(\d+)(?:/\d+)?\]")]
    private static partial Regex Saved();

    [GeneratedRegex(@"(?:Read error|Connection closed) at byte (\d+)")]
    private static partial Regex BrokenAtByte();

    [GeneratedRegex(@"^(Setting --|DEBUG output created|Releasing 0x|Deleting unused 0x|Created socket \d|Closed fd \d|URI encoding|Caching |Reading HSTS|Saving HSTS)")]
    private static partial Regex DebugChatter();

    [GeneratedRegex(@"\|([0-9A-Fa-f:.]+)\|:\d+\.\.\. connected")]
    private static partial Regex Connected();

    [GeneratedRegex(@"ERROR (\d{3})\b")]
    private static partial Regex HttpErrorStatus();
}
