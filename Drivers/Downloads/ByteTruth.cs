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
        IReadOnlyList<ClientDownloadResult> results, IReadOnlyDictionary<string, string> addressOfNamespace, IReadOnlyList<Transfer> transfers) =>
        CompareEach(results, addressOfNamespace, transfers, t => t.Method == "GET", "a transfer to", (result, sent) =>
        {
            var written = sent.Sum(t => t.BytesWritten);
            var completed = sent.All(t => t.Outcome == TransferOutcome.Completed);
            if (completed && result.Bytes != written)
            {
                return $"the server completed {written} bytes";
            }

            if (!completed && result.Bytes > written)
            {
                return $"the server wrote only {written} bytes before the transfer was cut";
            }

            if (!completed && sent.All(t => t.BytesAcked is not null))
            {
                var acked = sent.Sum(t => t.BytesAcked!.Value);
                if (acked - result.Bytes > Tolerance * acked + UnreadAllowance)
                {
                    return $"its kernel acknowledged {acked} bytes: more apart than 1 % plus one unread receive buffer";
                }
            }

            return null;
        });

    /// <summary>
    /// Uploads, the other way round: the server counts what it read of each body. A completed upload (the server read
    /// the whole body and answered) must agree to the byte. A cut one cannot have been read beyond what the client
    /// handed to its kernel, and the client's kernel's acknowledged count (tcp_info bytes_acked, where the engine reads
    /// it) cannot exceed what the server read by more than 1 % plus one receive buffer the server had not yet read
    /// when the connection died.
    /// </summary>
    /// <returns>One line per client whose count disagrees with the server's; empty when all agree.</returns>
    public static IReadOnlyList<string> CompareUploads(
        IReadOnlyList<ClientDownloadResult> uploads, IReadOnlyDictionary<string, string> addressOfNamespace, IReadOnlyList<Transfer> transfers) =>
        CompareEach(uploads, addressOfNamespace, transfers, t => t.IsUpload, "an upload from", (result, read) =>
        {
            var received = read.Sum(t => t.BytesReceived);
            var completed = read.All(t => t.Outcome == TransferOutcome.Completed);
            if (completed && result.Bytes != received)
            {
                return $"the server read the whole body as {received} bytes";
            }

            if (!completed && received > result.Bytes)
            {
                return $"the server read {received} bytes before the upload was cut";
            }

            if (!completed && result.BytesAcked is { } acked && acked - received > Tolerance * acked + UnreadAllowance)
            {
                return $"the server read only {received} bytes of the {acked} its kernel acknowledged: more apart than 1 % plus one unread receive buffer";
            }

            return null;
        });

    /// <summary>
    /// Each client's records of one kind (<paramref name="isKind"/>) from its address, judged by <paramref name="judge"/>
    /// (the server's side of the disagreement, or null when they agree); a client with bytes but no record is one too.
    /// </summary>
    private static List<string> CompareEach(
        IReadOnlyList<ClientDownloadResult> results, IReadOnlyDictionary<string, string> addressOfNamespace, IReadOnlyList<Transfer> transfers,
        Func<Transfer, bool> isKind, string recordOf, Func<ClientDownloadResult, List<Transfer>, string?> judge)
    {
        var problems = new List<string>();
        foreach (var result in results)
        {
            var address = addressOfNamespace[result.Namespace];
            var records = transfers.Where(t => t.RemoteAddress == address && isKind(t)).ToList();
            var problem = records.Count == 0
                ? result.Bytes > 0 ? $"the server has no record of {recordOf} {address}" : null
                : judge(result, records);
            if (problem is not null)
            {
                problems.Add(Line(result, problem));
            }
        }

        return problems;
    }

    private static string Line(ClientDownloadResult result, string server) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Namespace} counted {result.Bytes} bytes, but {server}");
}
