using System.Text.Json.Serialization;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// What one client's download did. The first five properties keep the seed's per-namespace shape
/// (success, duration, interrupted, stdout, stderr); the rest are the fields the seed lacked.
/// </summary>
public sealed record ClientDownloadResult
{
    /// <summary>A client that failed before receiving any byte (name not resolved, no connection), not interrupted.</summary>
    public static ClientDownloadResult NoTransfer(
        string ns, string engine, string command, DateTimeOffset startedAt, double seconds, DownloadOutcome outcome, int exitCode, string message) => new()
    {
        Namespace = ns,
        Success = false,
        Duration = Math.Round(seconds, 3),
        Interrupted = false,
        Stdout = "",
        Stderr = message,
        Bytes = 0,
        BytesExact = true,
        BytesResolution = 0,
        Mbps = 0,
        ExitCode = exitCode,
        Outcome = outcome,
        Engine = engine,
        StartedAt = startedAt,
        Command = command,
    };

    public required string Namespace { get; init; }

    /// <summary>Which way this transfer went; left out of results.json for a download (the seed's shape).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TransferDirection Direction { get; init; }

    public required bool Success { get; init; }

    /// <summary>
    /// Seconds from <see cref="StartedAt"/> (the start gate's release, or the client's own start when it never reached
    /// the gate) to the end of its transfer (process exit, or the native engine's last byte or failure).
    /// </summary>
    public required double Duration { get; init; }

    /// <summary>True only when the time limit killed the transfer, never for other failures.</summary>
    public required bool Interrupted { get; init; }

    public required string Stdout { get; init; }

    public required string Stderr { get; init; }

    /// <summary>
    /// Payload bytes received (a download) or handed to the client's kernel to send (an upload), also for an
    /// interrupted or broken transfer.
    /// </summary>
    public required long Bytes { get; init; }

    /// <summary>
    /// True when <see cref="Bytes"/> is the tool's own final count; false when it was read off progress output, which
    /// can undercount by at most <see cref="BytesResolution"/>.
    /// </summary>
    public required bool BytesExact { get; init; }

    public required long BytesResolution { get; init; }

    /// <summary>
    /// An upload's body bytes the server's kernel acknowledged, as the client's tcp_info (bytes_acked) last read them:
    /// what surely arrived. Null for downloads and where the engine cannot read it (wget).
    /// </summary>
    public long? BytesAcked { get; init; }

    /// <summary>Payload throughput over <see cref="Duration"/>, in megabits (10^6) per second.</summary>
    public required double Mbps { get; init; }

    public required int ExitCode { get; init; }

    public required DownloadOutcome Outcome { get; init; }

    /// <summary>The HTTP status of an <see cref="DownloadOutcome.HttpError"/>.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>
    /// Seconds from <see cref="StartedAt"/> to the first response byte (wget: its response line appears in its log,
    /// polled every millisecond around the start; native: the first receive of the response returns); null if none came.
    /// An upload's: seconds to its first body byte handed to the kernel (native: the body's send begins, right after the
    /// head; wget: its debug log's end of the request head, just before head and body are written), so the aggregate's
    /// goodput window (first "response" to last end) is the time body bytes flowed, as for downloads.
    /// </summary>
    public double? TimeToResponse { get; init; }

    /// <summary>The engine that ran the transfer (e.g. wget).</summary>
    public required string Engine { get; init; }

    /// <summary>When the transfer started: the start gate's release for a gated client, else its own start.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the client's process (wget) or socket (native) was made, before it waited at the start gate.</summary>
    public DateTimeOffset? SpawnedAt { get; init; }

    /// <summary>True when the client waited at the start gate and began with the others at its release.</summary>
    public bool Gated { get; init; }

    /// <summary>The server address the transfer connected to (null when it never connected): its family is the transfer's.</summary>
    public string? ServerAddress { get; init; }

    /// <summary>"IPv4" or "IPv6": the address family the transfer used, from <see cref="ServerAddress"/>; null without a connection.</summary>
    public string? Family => ServerAddress is null ? null
        : System.Net.IPAddress.TryParse(ServerAddress, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6
            ? "IPv6" : "IPv4";

    public required string Command { get; init; }

    [JsonIgnore]
    public IReadOnlyList<TransferProgress> Progress { get; init; } = [];

    [JsonIgnore]
    public DateTimeOffset EndedAt => StartedAt + TimeSpan.FromSeconds(Duration);

    /// <summary>One line for assertion messages: which client, how it ended, and the evidence.</summary>
    [JsonIgnore]
    public string Summary => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Namespace}: {Outcome}{(HttpStatus is { } s ? $" {s}" : "")}, exit {ExitCode}, {Bytes} bytes in {Duration:0.###} s ({Mbps:0.##} Mbit/s){(Success ? "" : ", stderr tail: " + LastLine(Stderr))}");

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(empty)";
}
