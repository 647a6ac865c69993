namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Owns the uplink interface while it is moved into the lab's router namespace: gives it back to the host's namespace
/// (that of pid 1) before the router namespace goes. A physical interface would come back by itself on namespace
/// deletion, but a veth would be destroyed; moving it back explicitly treats both alike. Its addresses are not
/// restored: use an interface dedicated to the lab.
/// </summary>
internal sealed class UplinkOwner(LabHost host, string routerNamespace, string uplink) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (!host.NamespaceExists(routerNamespace))
        {
            return;
        }

        var batch = new IpBatch()
            .Add($"link set dev {uplink} nomaster")
            .Add($"link set dev {uplink} netns 1");
        // -force and no throw: the interface may never have been moved (setup failed before) or be gone already.
        await host.RunAsync(batch.IpIn(routerNamespace, force: true), CancellationToken.None).ConfigureAwait(false);
    }

    public override string ToString() => $"uplink {uplink} in {routerNamespace}";
}
