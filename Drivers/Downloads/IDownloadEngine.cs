namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// How the clients' transfers run: wget processes (<see cref="WgetEngine"/>) or sockets read in-process
/// (<see cref="NativeEngine"/>). Validation, aggregation and reports live in <see cref="DownloadManager"/>.
/// </summary>
public interface IDownloadEngine
{
    string Name { get; }

    /// <summary>The system tools the engine runs, checked before any client starts.</summary>
    IReadOnlyList<string> RequiredTools { get; }

    /// <summary>
    /// Runs one transfer per namespace, all held at a <see cref="StartGate"/> and released together, and returns one
    /// result per namespace in the same order. Each client's timeout counts from the release.
    /// </summary>
    Task<IReadOnlyList<ClientDownloadResult>> RunAllAsync(
        IReadOnlyList<string> namespaces, DownloadRequest request, CancellationToken cancellationToken);
}
