using System.Text.Json.Serialization;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>Why a client's transfer ended. Only <see cref="Timeout"/> means "killed by the time limit".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DownloadOutcome>))]
public enum DownloadOutcome
{
    Ok,
    Timeout,
    ConnectionRefused,
    Unreachable,
    DnsFailure,
    HttpError,
    TlsError,

    /// <summary>The connection broke mid-transfer (reset, closed early, read error).</summary>
    NetworkFailure,
    ToolMissing,
    Other,
}
