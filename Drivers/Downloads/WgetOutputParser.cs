using System.Text;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// Reads wget's standard error line by line as it arrives (LC_ALL=C), keeping the byte count and the error clues.
/// Streaming, not post-hoc, so neither the bounded stderr capture nor a kill by `timeout` loses them.
/// </summary>
public sealed partial class WgetOutputParser(long dotBytes)
{
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

    /// <summary>When the response headers arrived: the start of the transfer proper, after process start and connect.</summary>
    public TimeSpan? ResponseAt { get; private set; }

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
        var dots = DotLine().Match(line);
        if (dots.Success)
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

        if (Saved().Match(line) is { Success: true } saved)
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
        SawBrokenTransfer |= line.Contains("Connection reset by peer", StringComparison.Ordinal);
        SawToolMissing |= line.Contains("failed to run command", StringComparison.Ordinal)
                          || line.Contains("exec of", StringComparison.Ordinal) && line.Contains("failed", StringComparison.Ordinal);
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

    [GeneratedRegex(@"ERROR (\d{3})\b")]
    private static partial Regex HttpErrorStatus();
}
