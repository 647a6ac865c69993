using System.Globalization;
using NetnsBdd.Drivers.Server;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// Compares what each client counted with what the server recorded sending it. A completed transfer must agree to
/// the byte. A cut one lies between two server-side figures: it cannot exceed the bytes the server handed to the
/// transport (socket buffers and the shaper's queue hold data that never arrived), and it cannot fall short of what
/// the client's kernel acknowledged (TCP_INFO bytes_acked, http only) by more than 1 % plus what still sat unread in
/// the client's socket when `timeout` killed it (at most a receive buffer). The acknowledged figure is the last one the
/// server read before the connection died, so it may trail the truth: it bounds the count from below only.
/// </summary>
public static class ByteTruth
{
    /// <summary>How far a count may be from the truth: 1 %.</summary>
    public const double Tolerance = 0.01;

    /// <summary>
    /// Data a killed client's kernel acknowledged but the client never read: up to its socket's receive buffer. Seen
    /// here: 17-63 KB on a loaded 2-core host; Linux's default initial receive buffer (tcp_rmem) is 128 KiB.
    /// </summary>
    public const long UnreadAllowance = 128 * 1024;

    /// <returns>One line per client whose count disagrees with the server's; empty when all agree.</returns>
    public static IReadOnlyList<string> Compare(
        IReadOnlyList<ClientDownloadResult> results, IReadOnlyDictionary<string, string> addressOfNamespace, IReadOnlyList<Transfer> transfers)
    {
        var problems = new List<string>();
        foreach (var result in results)
        {
            var address = addressOfNamespace[result.Namespace];
            var sent = transfers.Where(t => t.RemoteAddress == address && t.Method == "GET").ToList();
            if (sent.Count == 0)
            {
                if (result.Bytes > 0)
                {
                    problems.Add(Line(result, "the server has no record of a transfer to " + address));
                }

                continue;
            }

            var written = sent.Sum(t => t.BytesWritten);
            var completed = sent.All(t => t.Outcome == TransferOutcome.Completed);
            if (completed && result.Bytes != written)
            {
                problems.Add(Line(result, $"the server completed {written} bytes"));
            }
            else if (!completed && result.Bytes > written)
            {
                problems.Add(Line(result, $"the server wrote only {written} bytes before the transfer was cut"));
            }
            else if (!completed && sent.All(t => t.BytesAcked is not null))
            {
                var acked = sent.Sum(t => t.BytesAcked!.Value);
                if (acked - result.Bytes > Tolerance * acked + UnreadAllowance)
                {
                    problems.Add(Line(result, $"its kernel acknowledged {acked} bytes: more apart than 1 % plus one unread receive buffer"));
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Uploads, the other way round: the server counts what it read of each body. A completed upload (the server read
    /// the whole body and answered) must agree to the byte. A cut one cannot have been read beyond what the client
    /// handed to its kernel, and the client's kernel's acknowledged count (tcp_info bytes_acked, where the engine reads
    /// it) cannot exceed what the server read by more than 1 % plus one receive buffer the server had not yet read
    /// when the connection died.
    /// </summary>
    /// <returns>One line per client whose count disagrees with the server's; empty when all agree.</returns>
    public static IReadOnlyList<string> CompareUploads(
        IReadOnlyList<ClientDownloadResult> uploads, IReadOnlyDictionary<string, string> addressOfNamespace, IReadOnlyList<Transfer> transfers)
    {
        var problems = new List<string>();
        foreach (var result in uploads)
        {
            var address = addressOfNamespace[result.Namespace];
            var read = transfers.Where(t => t.RemoteAddress == address && t.IsUpload).ToList();
            if (read.Count == 0)
            {
                if (result.Bytes > 0)
                {
                    problems.Add(Line(result, "the server has no record of an upload from " + address));
                }

                continue;
            }

            var received = read.Sum(t => t.BytesReceived);
            var completed = read.All(t => t.Outcome == TransferOutcome.Completed);
            if (completed && result.Bytes != received)
            {
                problems.Add(Line(result, $"the server read the whole body as {received} bytes"));
            }
            else if (!completed && received > result.Bytes)
            {
                problems.Add(Line(result, $"the server read {received} bytes before the upload was cut"));
            }
            else if (!completed && result.BytesAcked is { } acked && acked - received > Tolerance * acked + UnreadAllowance)
            {
                problems.Add(Line(result, $"the server read only {received} bytes of the {acked} its kernel acknowledged: more apart than 1 % plus one unread receive buffer"));
            }
        }

        return problems;
    }

    private static string Line(ClientDownloadResult result, string server) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Namespace} counted {result.Bytes} bytes, but {server}");
}
