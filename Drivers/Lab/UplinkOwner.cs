namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Owns the uplink interface while it is moved into the lab's router namespace (bridge attach mode): gives it back to
/// the host's namespace (that of pid 1) before the router namespace goes, and restores what the move changes (a link
/// moved between namespaces arrives down; its MTU is put back too). A physical interface would come back by itself on
/// namespace deletion, but a veth would be destroyed; moving it back explicitly treats both alike. Bridge mode only
/// takes ports without addresses (see <see cref="UplinkPort.Resolve"/>), so there are none to restore; the port's
/// IPv6 settings (accept_ra, autoconf, disable_ipv6), which the move resets, are.
/// </summary>
internal sealed class UplinkOwner(LabHost host, string routerNamespace, UplinkPort before) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (host.NamespaceExists(routerNamespace))
        {
            var batch = new IpBatch()
                .Add($"link set dev {before.Name} nomaster")
                .Add($"link set dev {before.Name} netns 1");
            // -force and no throw: the interface may never have been moved (setup failed before) or be gone already.
            await host.RunAsync(batch.IpIn(routerNamespace, force: true), CancellationToken.None).ConfigureAwait(false);
        }

        // Before the link comes up: a port that took no router advertisements must not take one in the moment between.
        var sysctls = UplinkPort.Ipv6SettingNames.Where(before.Ipv6Settings.ContainsKey)
            .Select(name => $"net/ipv6/conf/{before.Name}/{name}={before.Ipv6Settings[name]}").ToArray();
        if (sysctls.Length > 0)
        {
            await host.RunAsync(new Processes.Command("sysctl", ["-q", "-w", .. sysctls]), CancellationToken.None).ConfigureAwait(false);
        }

        var restore = new IpBatch().Add($"link set dev {before.Name} mtu {before.Mtu}");
        if (before.AdminUp)
        {
            restore.Add($"link set dev {before.Name} up");
        }

        await host.RunAsync(restore.Ip(force: true), CancellationToken.None).ConfigureAwait(false);
    }

    public override string ToString() => $"uplink {before.Name} in {routerNamespace}";
}
