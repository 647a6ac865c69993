using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Support;

/// <summary>
/// Runs the scenario's parallel load (downloads, uploads, or both at once) the one way every "When all clients ..."
/// step does: the request from the plan, the latency probes around it, the results recorded for the checks, and the
/// measured rates held against what tc was set to, each half against its own direction's shaping.
/// </summary>
public sealed class ParallelLoad(
    ScenarioCancellation cancellation, LabDriver lab, DownloadPlan plan, DownloadContext downloads, DownloadManager manager,
    LatencyContext latency)
{
    public async Task RunAsync(LoadDirection direction)
    {
        var token = cancellation.Token;
        var request = await lab.RequestForAsync(plan, direction, token).ConfigureAwait(false);
        var load = await latency.AroundAsync(lab, request.Url, request.Family, () => StartAsync(request, token), token).ConfigureAwait(false);
        downloads.Record(load);
        if (load.Download is { } down)
        {
            lab.CheckAgainstShaping(down);
        }

        if (load.Upload is { } up)
        {
            lab.CheckAgainstUpstreamShaping(up);
        }
    }

    private async Task<LoadRun> StartAsync(DownloadRequest request, CancellationToken token) => request.Load == LoadDirection.Download
        ? new LoadRun(LoadDirection.Download, await manager.StartParallelDownloadAsync(lab.ClientNamespaces, request, token).ConfigureAwait(false), null)
        : await manager.StartParallelAsync(lab.ClientNamespaces, request, token).ConfigureAwait(false);
}
