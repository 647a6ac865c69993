using FluentAssertions;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Support.Settings;
using NetnsBdd.Support;
using Reqnroll;

namespace NetnsBdd.StepDefinitions;

[Binding]
public sealed class LabStepDefinitions(ScenarioCancellation cancellation, LabDriver lab)
{
    [Given("{int} client(s)")]
    [StepHelp("Builds the lab with that many clients, each its own network namespace behind the router (embedded lab: a router and a file server of the suite's own; uplink mode: the real router). Static addresses by default.")]
    public Task GivenClients(long clients) =>
        lab.StartAsync(clients, null, cancellation.Token);

    [Given("{int} client(s) that get(s) their address by DHCP")]
    [StepHelp("As above, but each client asks the router's DHCP server for its address; the time to a bound lease is recorded per client.")]
    public Task GivenDhcpClients(long clients) =>
        lab.StartAsync(clients, LabAddressing.Dhcp, cancellation.Token);

    [Given("the router's DHCP leases last {int} seconds")]
    [StepHelp("Embedded lab only, before the clients step: the router's DHCP server grants leases of that length (at least 120 s; default Lab:DhcpLeaseSeconds, 12 h), so a soak sees the clients renew them at half their length.")]
    public void GivenDhcpLeases(int seconds) => lab.SetDhcpLease(seconds);

    [Given("the clients are attached to the real router")]
    [StepHelp("Uplink mode for this scenario: the clients join the real router's LAN through Lab:UplinkInterface (as macvlan devices, or bridged: Lab:UplinkAttach); needs Download:Url. Must come before the clients step.")]
    public void GivenTheRealRouter() => lab.UseRealRouter();

    [Given("the router's downstream is shaped to {double} Mbit\\/s")]
    [StepHelp("Caps the router's total downstream (all clients share it) with tc; rates count whole Ethernet frames, so file goodput tops out near 95.6 % of it.")]
    public Task GivenDownstreamShaped(double mbps) =>
        lab.ShapeDownstreamAsync(mbps, cancellation.Token);

    [Given("each client is limited to {double} Mbit\\/s")]
    [StepHelp("Caps each client's own downstream link with tc (frames, as above).")]
    public Task GivenEachClientLimited(double mbps) =>
        lab.LimitEachClientAsync(mbps, cancellation.Token);

    [Given("the router adds {int} ms delay with {int} ms jitter")]
    [StepHelp("Adds delay and jitter to the router's downstream (netem). Inconclusive on a kernel without sch_netem.")]
    public Task GivenDelay(int delayMs, int jitterMs) =>
        HostCapability.RequireAsync(() => lab.DelayAsync(TimeSpan.FromMilliseconds(delayMs), TimeSpan.FromMilliseconds(jitterMs), cancellation.Token));

    [Given("the router drops {double}% of packets")]
    [StepHelp("Drops that share of the router's downstream packets at random (netem). Inconclusive on a kernel without sch_netem.")]
    public Task GivenLoss(double percent) =>
        HostCapability.RequireAsync(() => lab.DropAsync(percent, cancellation.Token));

    [Then("every client got a lease within {double} second(s)")]
    [StepHelp("Every DHCP client's address was bound within that time of starting its DHCP client.")]
    public void ThenEveryClientGotALease(double seconds)
    {
        lab.Clients.Select(c => c.LeaseTime).Should().NotContainNulls("every client asked the DHCP server for its address");
        lab.Clients.Where(c => c.LeaseTime > TimeSpan.FromSeconds(seconds))
            .Select(c => $"{c.Namespace}: {c.LeaseTime!.Value.TotalSeconds:0.###} s")
            .Should().BeEmpty($"every lease should be bound within {seconds} s");
    }

    [Then("every client got a lease within the DHCP timeout")]
    [StepHelp("As above, within Lab:DhcpTimeoutSeconds.")]
    public void ThenEveryClientGotALeaseWithinTheTimeout() => ThenEveryClientGotALease(lab.Settings.DhcpTimeoutSeconds);

    [Then("every client has its own address")]
    [StepHelp("No two clients share an address.")]
    public void ThenEveryClientHasItsOwnAddress() =>
        lab.Clients.Select(c => c.Address).Should().OnlyHaveUniqueItems().And.HaveCount(lab.Clients.Count);
}
