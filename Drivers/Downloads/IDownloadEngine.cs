namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// How one client's transfer runs. Validation, parallel start, aggregation and reports live in
/// <see cref="DownloadManager"/>, so a second engine (e.g. an in-process socket reader) slots in beside wget.
/// </summary>
public interface IDownloadEngine
{
    string Name { get; }

    /// <summary>
    /// Starts the transfer in <paramref name="namespaceName"/>. The process (or socket) must be started before this
    /// method first yields, so that a loop over clients starts them all together.
    /// </summary>
    Task<ClientDownloadResult> RunAsync(string namespaceName, DownloadRequest request, CancellationToken cancellationToken);
}
