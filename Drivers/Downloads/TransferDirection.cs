using System.Text.Json.Serialization;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>Which way one client's transfer moves the file's bytes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TransferDirection>))]
public enum TransferDirection
{
    /// <summary>Server to client: an HTTP GET of the file.</summary>
    Download,

    /// <summary>Client to server: an HTTP POST of a file of the scenario's size, discarded by the server.</summary>
    Upload,
}
